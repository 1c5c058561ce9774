package dev.levee.http.internal;

import dev.levee.timeouts.Ticker;
import java.time.Clock;
import java.time.Duration;

/**
 * How a {@link HttpLoop} treats its clients; validated by {@code EndpointServer.Builder}.
 *
 * @param readTimeout how long a request may take to arrive, from its first byte to its last, and
 *     how long a client may go without taking any of its response
 * @param idleTimeout how long a kept-alive connection may wait for its next request
 * @param maxConnections connections open at once; beyond them a new one is refused with a 503
 * @param workerThreads threads that answer the endpoints that may block
 * @param workerQueue requests that may wait for a worker; beyond them a request gets a 503
 * @param maxHeadBytes the largest request line and header fields together
 * @param maxBodyBytes the largest request body (read and dropped: endpoints see no body)
 * @param closeTimeout how long closing waits for requests being answered
 * @param ticker measures the timeouts
 * @param clock stamps the {@code Date} header
 */
public record HttpSettings(
    Duration readTimeout,
    Duration idleTimeout,
    int maxConnections,
    int workerThreads,
    int workerQueue,
    int maxHeadBytes,
    long maxBodyBytes,
    Duration closeTimeout,
    Ticker ticker,
    Clock clock) {}
