/**
 * The Undertow adapters: {@link dev.levee.http.undertow.EndpointHandler} serves any {@link
 * dev.levee.http.HttpEndpoint}, {@link dev.levee.http.undertow.AdmissionHandler} puts admission
 * control in front of an application's handler. Needs {@code undertow-core} on the class path,
 * which {@code levee-http} does not bring: the rest of the module loads without it.
 */
package dev.levee.http.undertow;
