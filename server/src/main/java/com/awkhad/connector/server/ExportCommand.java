package com.awkhad.connector.server;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.framework.admin.BackendAdmin;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ./connector export NAME BINDING_MODEL --record ID}: delays the export of a local record to a
 * backend, binding it first when it has no binding there, and prints the job's uuid.
 *
 * <pre>
 * ./connector export Kitchen coffee.order.binding --record 12
 * </pre>
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Queues the export of local record ID (of the local model BINDING_MODEL binds) to a backend,"
        + " creating its binding when it has none. Prints the job uuid.")
final class ExportCommand implements Callable<Integer> {
  @ParentCommand ConnectorCommand root;
  @Spec CommandSpec spec;
  @Parameters(index = "0", paramLabel = "NAME", description = "The backend's name (or id).") String name;
  @Parameters(index = "1", paramLabel = "BINDING_MODEL", description = "e.g. coffee.order.binding.") String model;
  @Option(names = "--record", required = true, paramLabel = "ID", description = "The local record's id.") long record;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Environment env = root.startEnvironment()) {
      BackendAdmin.Exported e = BackendAdmin.of(env).export(name, model, record);
      out.printf("binding %d %s%n", e.bindingId(), e.bindingCreated() ? "created (not exported yet)"
          : e.externalId() == null ? "(not exported yet)" : "(external id " + e.externalId() + ")");
      ImportCommand.print(out, List.of(e.job()));
    }
    out.flush();
    return 0;
  }
}
