package dev.levee.http;

import dev.levee.http.servers.TestServers;
import io.undertow.UndertowOptions;
import java.util.Set;
import org.xnio.Options;

/** The hostile-client battery against the Undertow adapter, set up as the README says. */
class HostileClientsUndertowIT extends HostileClientsContract {
  @Override
  TestServers.Running start(HttpEndpoint endpoints) {
    return TestServers.undertow(
        endpoints,
        b ->
            b.setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) READ_TIMEOUT.toMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) READ_TIMEOUT.toMillis())
                .setSocketOption(Options.READ_TIMEOUT, (int) READ_TIMEOUT.toMillis())
                .setSocketOption(Options.CONNECTION_HIGH_WATER, MAX_CONNECTIONS)
                .setSocketOption(Options.CONNECTION_LOW_WATER, MAX_CONNECTIONS)
                .setServerOption(UndertowOptions.DECODE_URL, false));
  }

  @Override
  boolean closesIncompleteRequests() {
    return true;
  }

  @Override
  Set<String> refusedByTheServerItself() {
    return Set.of(
        "/health/ready?exclude=%zz",
        "/health/ready?exclude=%E0%A4%A", "/health/%zz", "/health/ready/%");
  }

  @Override
  AtTheLimit atTheLimit() {
    return new AtTheLimit(200, READ_TIMEOUT.plusSeconds(2));
  }
}
