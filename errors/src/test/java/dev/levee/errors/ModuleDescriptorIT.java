package dev.levee.errors;

import dev.levee.testkit.ModuleDescriptors;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleDescriptorIT {
  @Test
  void exportsOnlyThePublicApi() {
    ModuleDescriptors.assertPackaged("dev.levee.errors", Set.of("dev.levee.errors"));
  }
}
