/**
 * What a user copies first: {@link io.github.workerrecovery.examples.DemoMain}, the quick-start
 * demo (three worker processes recovered on embedded defaults), and
 * {@link io.github.workerrecovery.examples.HostApplication}, a host that embeds the library with
 * its own probe ({@link io.github.workerrecovery.examples.ConsumerLagProbe}, registered on the
 * config builder) and its own action ({@link io.github.workerrecovery.examples.FlushCacheAction}):
 * both built by the host with its own objects, passed to their constructors.
 */
package io.github.workerrecovery.examples;
