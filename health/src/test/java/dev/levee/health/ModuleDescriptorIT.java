package dev.levee.health;

import dev.levee.testkit.ApiShape;
import dev.levee.testkit.ModuleDescriptors;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleDescriptorIT {
  @Test
  void exportsOnlyThePublicApi() {
    ModuleDescriptors.assertPackaged(
        "dev.levee.health",
        Set.of(
            "dev.levee.health",
            "dev.levee.health.checks",
            "dev.levee.health.raft",
            "dev.levee.health.servlet",
            "dev.levee.health.undertow"));
  }

  /** Issue 16: records only where kept on purpose, configs only from builders, no idle types. */
  @Test
  void exportedApiCanGrow() {
    ApiShape.assertCanGrow(
        Set.of(
            // A value: a group is its name, and never more.
            "dev.levee.health.HealthGroup",
            // The HTTP exchange types move out of health with the HTTP layer (issue 16).
            "dev.levee.health.HealthRequest",
            "dev.levee.health.HealthResponse"));
  }
}
