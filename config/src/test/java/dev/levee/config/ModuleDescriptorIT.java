package dev.levee.config;

import dev.levee.testkit.ModuleDescriptors;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleDescriptorIT {
  @Test
  void exportsOnlyThePublicApi() {
    ModuleDescriptors.assertPackaged("dev.levee.config", Set.of("dev.levee.config"));
  }

  @Test
  void readsLeveesInternalsWithoutPassingThemOn() {
    ModuleDescriptors.assertRequiresPrivately("dev.levee.common");
  }
}
