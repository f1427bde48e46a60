package com.awkhad.connector.server;

import com.awkhad.connector.base.addon.Versions;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

@Command(name = "version", description = "Print the version.")
final class VersionCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("Awkhad Connector for Java " + Versions.PROJECT + " (Java " + Runtime.version() + ")");
  }

  static final class Provider implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Awkhad Connector for Java " + Versions.PROJECT};
    }
  }
}
