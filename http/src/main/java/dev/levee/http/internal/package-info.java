/**
 * The machinery of {@link dev.levee.http.EndpointServer} (one non-blocking I/O loop, its
 * connections, the request-head parser, the responses it writes) and two helpers the endpoints
 * share with it: strict percent-decoding and the JSON error body. Exported only to {@code
 * dev.levee.health}, for those two helpers; not API.
 */
package dev.levee.http.internal;
