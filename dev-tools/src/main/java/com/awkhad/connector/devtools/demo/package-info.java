/**
 * {@code ./connector demo}: the coffee machine demo ({@link com.awkhad.connector.devtools.demo.Demo}) on an
 * embedded H2 database, the coffee machine simulator and an in-process runner.
 */
package com.awkhad.connector.devtools.demo;
