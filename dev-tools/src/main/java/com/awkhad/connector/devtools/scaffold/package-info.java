/**
 * {@code ./connector new NAME}: generates a working connector module from the templates under
 * {@code src/main/resources/scaffold/} (plain text with {@code ${name}} placeholders, listed in
 * {@code scaffold/files.txt}).
 *
 * <pre>{@code
 * ScaffoldResult r = Scaffold.generate(ScaffoldRequest.of("shop").checkout(Checkout.find(cwd).orElseThrow()));
 * r.moduleDir();   // <checkout>/connectors/shop, listed in the root pom's <modules>
 * }</pre>
 */
package com.awkhad.connector.devtools.scaffold;
