package dev.levee.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.levee.core.CircuitBreaker;
import dev.levee.health.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The JSON's hand-written parts (the charts' counts written into the output past the generator, the
 * times formatted without {@code DateTimeFormatter}) give what Jackson and {@link
 * Instant#toString()} give.
 */
class StatusJsonFormatTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant AT = Instant.parse("2026-12-07T12:00:00Z");

  @Provide
  Arbitrary<Instant> instants() {
    Arbitrary<Long> seconds =
        Arbitraries.longs()
            .between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
            .edgeCases(e -> e.add(0L, 253_402_300_799L, 253_402_300_800L, -1L, 951_782_400L));
    Arbitrary<Integer> nanos =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 999_999_999),
            Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
            Arbitraries.integers().between(0, 999_999).map(us -> us * 1000),
            Arbitraries.just(0));
    return seconds.flatMap(s -> nanos.map(n -> Instant.ofEpochSecond(s, n)));
  }

  @Provide
  Arbitrary<Instant> recent() {
    return Arbitraries.longs()
        .between(0, 253_402_300_799L)
        .flatMap(
            s ->
                Arbitraries.integers()
                    .between(0, 999)
                    .map(ms -> Instant.ofEpochSecond(s, ms * 1_000_000L)));
  }

  @Property
  void timesReadAsInstantToString(@ForAll("instants") Instant at) {
    assertThat(IsoInstant.format(at)).isEqualTo(at.toString());
  }

  @Property
  void timesSince1970ReadAsInstantToString(@ForAll("recent") Instant at) {
    assertThat(IsoInstant.format(at)).isEqualTo(at.toString());
  }

  @Property(tries = 100)
  void theChartsCountsAreTheArraysTheyCameFrom(
      @ForAll @Size(max = 181) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> calls,
      @ForAll @IntRange(min = 0, max = 3) int breakers)
      throws Exception {
    int[] a = calls.stream().mapToInt(Integer::intValue).toArray();
    int[] b = a.clone();
    for (int i = 0; i < b.length; i++) {
      b[i] = b[i] % 10;
    }
    int[] c = new int[a.length];
    CircuitBreaker breaker = CircuitBreaker.of("payments");
    List<StatusView.Breaker> rows =
        java.util.stream.IntStream.range(0, breakers)
            .mapToObj(
                i ->
                    new StatusView.Breaker(
                        "b" + i, breaker.stats(), 1, 2, 3, new CallRates.Series(a, b, c)))
            .toList();
    StatusView view =
        new StatusView(
            AT,
            "t",
            true,
            Status.UP,
            List.of(new StatusView.Group("live", Status.UP)),
            Map.of(),
            List.of(),
            rows,
            List.of(new StatusView.Limiter("api", 1, 2, 3)),
            List.of(),
            List.of(),
            List.of(),
            new CallRates.Window(a.length == 0 ? -1 : 0, a.length - 1, AT, 1000));
    JsonNode json = MAPPER.readTree(StatusJson.write(view));
    assertThat(json.at("/circuit_breakers")).hasSize(breakers);
    for (JsonNode row : json.at("/circuit_breakers")) {
      assertThat(MAPPER.treeToValue(row.at("/series/calls"), int[].class)).isEqualTo(a);
      assertThat(MAPPER.treeToValue(row.at("/series/failures"), int[].class)).isEqualTo(b);
      assertThat(MAPPER.treeToValue(row.at("/series/rejections"), int[].class)).isEqualTo(c);
      assertThat(row.at("/series").size()).isEqualTo(3);
      assertThat(row.at("/totals/failures").asInt()).isEqualTo(2);
    }
    // What follows the breakers is where the generator left it.
    assertThat(json.at("/rate_limiters/0/name").asText()).isEqualTo("api");
  }
}
