package com.awkhad.connector.devtools.scaffold;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link Scaffold#generate} did.
 *
 * @param moduleDir the new module's directory
 * @param files the files written, relative to {@code moduleDir}, in template order
 * @param name the connector's names
 * @param javaPackage the Java package of the generated classes
 * @param registeredIn the aggregator pom that now lists the module, or null (module outside the checkout)
 * @param moduleInPom the module's path as listed in {@code registeredIn}, or null
 * @param addedToApp the app module's pom that now depends on the connector (so that
 *     {@code ./connector} loads its addon), or null
 */
public record ScaffoldResult(Path moduleDir, List<String> files, ConnectorName name, String javaPackage,
    Path registeredIn, String moduleInPom, Path addedToApp) {}
