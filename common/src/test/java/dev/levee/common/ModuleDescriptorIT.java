package dev.levee.common;

import dev.levee.testkit.ModuleDescriptors;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleDescriptorIT {
  @Test
  void exportsItsInternalsToLeveesModulesOnly() {
    ModuleDescriptors.assertPackaged(
        "dev.levee.common",
        Set.of(),
        Map.of(
            "dev.levee.common.internal",
            Set.of(
                "dev.levee.timeouts",
                "dev.levee.core",
                "dev.levee.http",
                "dev.levee.health",
                "dev.levee.metrics",
                "dev.levee.config",
                "dev.levee.spring")));
  }
}
