package com.awkhad.connector.server;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.AddonLoader;
import com.awkhad.connector.base.addon.Manifest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "addons", description = "List the addons on the class path, in start order, with versions and dependencies.")
final class AddonsCommand implements Runnable {
  @Override
  public void run() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ADDON", "VERSION", "CATEGORY", "DEPENDS"});
    for (Addon a : AddonLoader.resolve(AddonLoader.discover())) {
      Manifest m = a.manifest();
      rows.add(new String[] {m.technicalName(), m.version(), m.category(),
          m.depends().isEmpty() ? "-" : String.join(", ", m.depends())});
    }
    int[] width = new int[3];
    for (String[] row : rows) {
      for (int i = 0; i < width.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      System.out.printf("%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %s%n", (Object[]) row);
    }
  }
}
