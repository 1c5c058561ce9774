package dev.levee.http;

import dev.levee.testkit.ApiShape;
import dev.levee.testkit.ModuleDescriptors;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModuleDescriptorIT {
  @Test
  void exportsThePublicApiAndItsSharedHelpersToTheHealthModuleOnly() {
    ModuleDescriptors.assertPackaged(
        "dev.levee.http",
        Set.of(
            "dev.levee.http",
            "dev.levee.http.admission",
            "dev.levee.http.jdk",
            "dev.levee.http.servlet",
            "dev.levee.http.undertow"),
        Map.of("dev.levee.http.internal", Set.of("dev.levee.health")));
  }

  /** Issue 16: no records, no idle types, no internal type in the API. */
  @Test
  void exportedApiCanGrow() {
    ApiShape.assertCanGrow(Set.of());
  }

  @Test
  void readsLeveesInternalsWithoutPassingThemOn() {
    ModuleDescriptors.assertRequiresPrivately("dev.levee.common");
  }

  /** The JDK's server is needed only by dev.levee.http.jdk: a runtime image may leave it out. */
  @Test
  void needsTheJdkServerOnlyForItsAdapter() {
    ModuleDescriptors.assertRequiresOptionally("jdk.httpserver");
  }
}
