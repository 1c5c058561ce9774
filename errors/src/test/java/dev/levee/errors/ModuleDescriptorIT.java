package dev.levee.errors;

import dev.levee.testkit.ApiShape;
import dev.levee.testkit.ModuleDescriptors;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleDescriptorIT {
  @Test
  void exportsOnlyThePublicApi() {
    ModuleDescriptors.assertPackaged("dev.levee.errors", Set.of("dev.levee.errors"));
  }

  /** Issue 16: records only where kept on purpose, configs only from builders, no idle types. */
  @Test
  void exportedApiCanGrow() {
    ApiShape.assertCanGrow(Set.of());
  }
}
