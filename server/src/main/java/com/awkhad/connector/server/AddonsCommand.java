package com.awkhad.connector.server;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.addon.Manifest;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "addons", description = "List the addons on the class path, in start order, with versions and dependencies.")
final class AddonsCommand implements Runnable {
  @Override
  public void run() {
    List<Addon> ordered = AddonLoader.resolve(AddonLoader.discover());
    System.out.printf("%-22s %-10s %-12s %s%n", "ADDON", "VERSION", "CATEGORY", "DEPENDS");
    for (Addon a : ordered) {
      Manifest m = a.manifest();
      System.out.printf("%-22s %-10s %-12s %s%n", m.technicalName(), m.version(), m.category(),
          m.depends().isEmpty() ? "-" : String.join(", ", m.depends()));
    }
  }
}
