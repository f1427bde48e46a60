package com.awkhad.connector.framework;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.addon.Versions;
import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.model.Field;
import com.awkhad.connector.base.model.ModelRegistry;
import com.awkhad.connector.component.ComponentAddon;
import com.awkhad.connector.component.event.ComponentEventAddon;
import com.awkhad.connector.framework.backend.BackendType;
import com.awkhad.connector.framework.backend.BackendTypeProvider;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.framework.circuit.Circuits;
import com.awkhad.connector.framework.core.SyncJobs;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.QueueJobAddon;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code connector} addon: the tables {@code connector_backend} (model {@code connector.backend})
 * and {@code connector_binding} (model {@code external.binding}), the base components (binder,
 * mappers, adapters, importers, exporters, deleter, export listener: the {@code @ComponentSpec}
 * classes of this module, found in its component index), and the services
 * {@link Backends}, {@link Bindings} and {@link Circuits} (the backends' circuit breakers), built from the backend types the started addons declare
 * ({@link BackendTypeProvider}).
 *
 * <pre>{@code
 * public final class CoffeeAddon implements Addon, BackendTypeProvider {   // components: their @ComponentSpec
 *   public Manifest manifest() {
 *     return Manifest.of("connector_coffee", "1.0.0").category("Connector").depends("connector").build();
 *   }
 *   ...
 * }
 * }</pre>
 */
public final class ConnectorAddon implements Addon {
  public static final String NAME = "connector";
  private static final Logger log = LoggerFactory.getLogger(ConnectorAddon.class);

  @Override
  public Manifest manifest() {
    return Manifest.of(NAME, Versions.PROJECT)
        .name("Connector")
        .category("Hidden")
        .depends(QueueJobAddon.NAME, ComponentAddon.NAME, ComponentEventAddon.NAME)
        .author("Awkhad Connector developers")
        .license("LGPL-3")
        .summary("Backends, bindings, binder, mappers, backend adapters, importers and exporters for connectors")
        .build();
  }

  @Override
  public void registerModels(ModelRegistry models) {
    // the secret column is deliberately not a field: model reads (dashboard, API) never return it
    models.define("connector.backend", "connector_backend")
        .field(Field.chars("name").required())
        .field(Field.chars("backend_type").required())
        .field(Field.chars("location"))
        .field(Field.chars("version"))
        .field(Field.bool("active").defaultValue(true))
        .field(Field.json("settings"))
        .build();
    models.define("external.binding", "connector_binding")
        .field(Field.many2one("backend_id", "connector.backend").required())
        .field(Field.chars("binding_model").required())
        .field(Field.chars("local_model").required())
        .field(Field.integer("local_id").required())
        .field(Field.chars("external_id"))
        .field(Field.datetime("sync_date"))
        .field(Field.json("extra"))
        .build();
  }

  @Override
  public void start(Environment env) {
    List<BackendType> types = new ArrayList<>();
    for (BackendTypeProvider provider : env.addons(BackendTypeProvider.class)) {
      types.addAll(provider.backendTypes());
    }
    Backends backends = Backends.create(env, types);
    env.register(Backends.class, backends);
    env.register(Bindings.class, Bindings.create(env));
    env.register(Circuits.class, Circuits.create(env));
    // the importers, exporters and export listener delay ConnectorJobs through SyncJobs (framework.core)
    env.register(SyncJobs.Delayer.class, options -> env.service(Queue.class).delay(ConnectorJobs.class, options));
    env.service(Queue.class).resolveBackends(ConnectorJobs.class, new ConnectorJobBackends(env));
    // the related action of every connector job: the job in words, its binding, local record and backend
    env.service(Queue.class).relatedActions().forClass(ConnectorJobs.class, new ConnectorRelatedAction(env));
    // the connector's jobs call external systems: each runs alone, never holding a batch of others;
    // except a record's import, whose calls only read: imports share a batch's transaction and commit
    // together (a batch that fails repeats some of their reads, never a remote write)
    env.service(Queue.class).declareRemote(ConnectorJobs.class);
    env.service(Queue.class).declareRepeatable(ConnectorJobs.class, ConnectorJobs.REPEATABLE_METHODS.toArray(String[]::new));
    log.info("Connector started with backend types {}; backend secrets stored {}", types.stream().map(BackendType::name)
        .toList(), backends.encryptsSecrets() ? "encrypted (CONNECTOR_SECRET_KEY)"
            : "in clear (set CONNECTOR_SECRET_KEY to encrypt them at rest)");
  }
}
