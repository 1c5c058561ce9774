package dev.levee.examples.spring;

import dev.levee.core.CallNotPermittedException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /orders?item=...} and {@code GET /orders/count}. */
@RestController
public class OrdersController {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(OrdersController.class);

  private final OrdersRepository orders;

  /**
   * Creates the controller.
   *
   * @param orders the repository
   */
  public OrdersController(OrdersRepository orders) {
    this.orders = orders;
  }

  /**
   * Stores an order.
   *
   * @param item what was ordered
   * @return 201
   */
  @PostMapping("/orders")
  public ResponseEntity<Map<String, String>> order(@RequestParam("item") String item) {
    orders.save(item);
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("item", item));
  }

  /**
   * Counts the orders.
   *
   * @return the count ({@code -1} while the database's breaker is open)
   */
  @GetMapping("/orders/count")
  public Map<String, Long> count() {
    return Map.of("count", orders.count());
  }

  /**
   * An open breaker: 503 at once, with when to try again.
   *
   * @param e the rejection
   * @return 503
   */
  @ExceptionHandler(CallNotPermittedException.class)
  public ResponseEntity<Map<String, String>> rejected(CallNotPermittedException e) {
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header("Retry-After", "1")
        .body(Map.of("error", "the database is unavailable; try again shortly"));
  }

  /**
   * Any other failure: 500.
   *
   * @param e the failure
   * @return 500
   */
  @ExceptionHandler(Exception.class)
  public ResponseEntity<Map<String, String>> failed(Exception e) {
    LOG.atDebug().setCause(e).log("order failed");
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(Map.of("error", "could not store the order"));
  }
}
