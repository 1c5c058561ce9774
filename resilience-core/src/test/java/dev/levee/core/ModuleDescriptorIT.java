package dev.levee.core;

import dev.levee.testkit.ModuleDescriptors;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleDescriptorIT {
  @Test
  void exportsOnlyThePublicApi() {
    ModuleDescriptors.assertPackaged("dev.levee.core", Set.of("dev.levee.core"));
  }

  @Test
  void readsLeveesInternalsWithoutPassingThemOn() {
    ModuleDescriptors.assertRequiresPrivately("dev.levee.common");
  }
}
