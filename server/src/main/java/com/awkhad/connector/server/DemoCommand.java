package com.awkhad.connector.server;

import picocli.CommandLine.Command;

@Command(name = "demo", description = "Run the coffee-machine demo on an embedded H2 database (dashboard on http://localhost:8069).")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("The demo is not built yet: it needs the connector layer, the coffee connector"
        + " (connectors/coffee) and the dashboard, which later issues add.");
    System.err.println("Available now: ./connector addons, ./connector version, ./connector --help.");
    return 2;
  }
}
