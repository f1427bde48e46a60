package com.awkhad.connector.framework.listener;

import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.RecordRef;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.component.event.EventListener;
import com.awkhad.connector.component.event.NoExport;
import com.awkhad.connector.component.event.SkipIf;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.framework.core.SyncJobs;
import com.awkhad.connector.framework.mapper.ExportMapper;
import com.awkhad.connector.queue.job.JobOptions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Sends local changes of bound records to the external systems (usage {@code event.listener}). A
 * connector registers a subclass for its collection and the local models it exports:
 *
 * <pre>{@code
 * @ComponentSpec(name = "coffee.product.export.listener", collection = "coffee.backend", applyOn = "product.product")
 * public class ProductExportListener extends ExportListener {}
 * }</pre>
 *
 * <p>On a write of a record bound on active backends of the listener's collection, it delays one
 * {@code ConnectorJobs.exportRecord(bindingId, fields)} per binding, with the written fields that
 * the binding model's export mapper maps ({@code changedByFields()}); nothing when none of them
 * changed, or inside a {@link NoExport} scope (an import writing). On the deletion of a bound
 * record it deletes its bindings of this collection and, when {@link #deleteRemoteOnUnlink()} and
 * outside a no-export scope, delays {@code ConnectorJobs.deleteRecord} for the external records.
 */
@ComponentSpec(name = "base.connector.export.listener")
public abstract class ExportListener extends EventListener {

  protected ExportListener() {}

  @Override
  @SkipIf(NoExport.class)
  public void onRecordWrite(RecordRef record, Set<String> fields) {
    for (Binding binding : bindingsOf(record)) {
      Backend backend = Backends.of(env()).get(binding.backendId());
      if (!backend.active()) {
        continue;
      }
      Set<String> changed = new TreeSet<>(fields);
      try (WorkContext work = backend.workOn(binding.bindingModel())) {
        changed.retainAll(work.component(ExportMapper.class, ExportMapper.USAGE).changedByFields());
      }
      if (!changed.isEmpty()) {
        SyncJobs.delay(env(), optionsOf(binding))
            .exportRecord(binding.id(), List.copyOf(changed));
      }
    }
  }

  @Override
  public void onRecordUnlink(RecordRef record) {
    Bindings bindings = Bindings.of(env());
    for (Binding binding : bindingsOf(record)) {
      if (binding.isBound() && deleteRemoteOnUnlink() && !NoExport.active()) {
        SyncJobs.delay(env(), optionsOf(binding))
            .deleteRecord(binding.backendId(), binding.bindingModel(), binding.externalId());
      }
      bindings.delete(binding.id());
    }
  }

  /** True to delete the external record when its local record is deleted; false by default. */
  protected boolean deleteRemoteOnUnlink() {
    return false;
  }

  /**
   * The options of the export jobs: by default, one waiting job per binding and fields. The jobs
   * are always delayed on the binding's model (the function {@code <binding model>.exportRecord}).
   */
  protected JobOptions exportOptions(Binding binding) {
    return JobOptions.defaults().identityExact();
  }

  private JobOptions optionsOf(Binding binding) {
    return exportOptions(binding).model(binding.bindingModel());
  }

  /** The bindings of {@code record} on backends of this listener's collection. */
  protected List<Binding> bindingsOf(RecordRef record) {
    if (collectionName() == null) {
      throw new IllegalStateException("Export listener " + descriptor().name() + " has no collection: declare"
          + " @ComponentSpec(collection = \"<backend type>\") so it knows which backends' bindings to export");
    }
    Backends backends = Backends.of(env());
    Set<String> models = Set.copyOf(backends.type(collectionName()).bindingModelsOf(record.model()));
    if (models.isEmpty()) {
      return List.of();
    }
    return Bindings.of(env()).ofLocal(record.model(), record.id()).stream()
        .filter(b -> models.contains(b.bindingModel()))
        .filter(b -> backends.get(b.backendId()).type().equals(collectionName()))
        .toList();
  }
}
