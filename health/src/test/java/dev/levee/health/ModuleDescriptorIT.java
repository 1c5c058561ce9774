package dev.levee.health;

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
}
