package dev.levee.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The "did you mean" of an annotation naming a pipeline or an instance that is not configured. */
class ResilientMethodsSuggestionTest {
  @Test
  void aNameThatBeginsAConfiguredOneSuggestsIt() {
    assertThat(ResilientMethods.suggestion("orders", List.of("orders-db", "prices")))
        .as("@Resilient(\"orders\") with only orders-db configured")
        .isEqualTo("orders-db");
    assertThat(ResilientMethods.suggestion("orders-db-main", List.of("orders-db", "prices")))
        .isEqualTo("orders-db");
  }

  @Test
  void aMisspellingStillSuggestsTheClosestName() {
    assertThat(ResilientMethods.suggestion("prises", List.of("orders-db", "prices")))
        .isEqualTo("prices");
  }

  @Test
  void noSuggestionWhenTheNameBeginsSeveralOrNone() {
    assertThat(ResilientMethods.suggestion("orders", List.of("orders-db", "orders-cache")))
        .isNull();
    assertThat(ResilientMethods.suggestion("orders", List.of("default-pipe"))).isNull();
  }
}
