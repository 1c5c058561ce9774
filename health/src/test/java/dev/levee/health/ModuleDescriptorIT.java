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
        Set.of("dev.levee.health", "dev.levee.health.checks", "dev.levee.health.raft"));
  }

  @Test
  void readsLeveesInternalsWithoutPassingThemOn() {
    ModuleDescriptors.assertRequiresPrivately("dev.levee.common");
  }

  @Test
  void doesNotPassTheCoreModuleOnToItsUsers() {
    ModuleDescriptors.assertRequiresPrivately("dev.levee.core");
  }

  /** Issue 16: records only where kept on purpose, configs only from builders, no idle types. */
  @Test
  void exportedApiCanGrow() {
    ApiShape.assertCanGrow(
        Set.of(
            // A value: a group is its name, and never more.
            "dev.levee.health.HealthGroup"));
  }
}
