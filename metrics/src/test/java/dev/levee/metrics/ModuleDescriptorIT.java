package dev.levee.metrics;

import dev.levee.testkit.ModuleDescriptors;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleDescriptorIT {
  @Test
  void exportsOnlyThePublicApi() {
    ModuleDescriptors.assertPackaged(
        "dev.levee.metrics", Set.of("dev.levee.metrics", "dev.levee.metrics.prometheus"));
  }

  @Test
  void readsLeveesInternalsWithoutPassingThemOn() {
    ModuleDescriptors.assertRequiresPrivately("dev.levee.common");
  }

  @Test
  void needsTheHealthModuleOnlyForTheHealthBinders() {
    ModuleDescriptors.assertRequiresOptionally("dev.levee.health");
  }
}
