package com.awkhad.connector.framework;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.queue.job.JobJson;
import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.related.RelatedAction;
import com.awkhad.connector.queue.related.RelatedRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The related action of the {@link ConnectorJobs} jobs (the original's default: open the binding):
 * the job in words, then its binding, the local record bound and the backend. Registered by the
 * connector addon for every connector job; a function may register its own instead.
 *
 * <pre>{@code
 * queue.relatedActions().forClass(ConnectorJobs.class, new ConnectorRelatedAction(env));
 * // importRecord(1, "coffee.order.binding", "1027", false) ->
 * //   "import coffee.order.binding 1027 from 'Kitchen machine'", binding #12 -> local coffee.order 7, backend
 * }</pre>
 */
public final class ConnectorRelatedAction implements RelatedAction {
  private final Environment env;

  public ConnectorRelatedAction(Environment env) {
    this.env = env;
  }

  @Override
  public Optional<RelatedRecord> describe(JobRecord job) {
    JsonNode args;
    try {
      args = JobJson.mapper().readTree(job.args());
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
    String method = job.methodName();
    Binding binding;
    long backendId;
    String model;
    String externalId;
    if (method.equals("exportRecord")) {
      binding = Bindings.of(env).find(args.path(0).asLong()).orElse(null);
      if (binding == null) {
        return Optional.of(new RelatedRecord("export binding " + args.path(0).asLong() + " (it no longer exists)", List.of()));
      }
      backendId = binding.backendId();
      model = binding.bindingModel();
      externalId = binding.externalId();
    } else {
      backendId = args.path(0).asLong();
      model = args.path(1).asText();
      externalId = args.path(2).isTextual() ? args.path(2).asText() : null;
      binding = externalId == null || !ConnectorJobs.IMPORT_METHODS.contains(method) && !method.equals("deleteRecord")
          ? null : Bindings.of(env).byExternal(backendId, model, externalId).orElse(null);
    }
    String backend = backendName(backendId);
    String words = switch (method) {
      case "importRecord", "importListedRecord" -> "import " + model + " " + externalId + " from " + backend;
      case "importBatch" -> "import the " + model + " records " + args.path(2) + " from " + backend;
      case "importSince" -> "import the " + model + " records changed since the last run (" + args.path(2).asText()
          + ") from " + backend;
      case "exportRecord" -> "export " + model + " " + (externalId == null ? "binding " + binding.id() + " (new)" : externalId)
          + " to " + backend;
      case "deleteRecord" -> "delete " + model + " " + externalId + " on " + backend;
      default -> method + " " + model + " on " + backend;
    };
    List<RelatedRecord.Link> links = new ArrayList<>();
    String backendRef = "backend=" + backendId;
    if (binding != null) {
      Map<String, Object> facts = new LinkedHashMap<>();
      facts.put("binding id", binding.id());
      facts.put("model", binding.bindingModel());
      facts.put("external id", binding.externalId());
      facts.put("synchronized", binding.syncDate());
      links.add(new RelatedRecord.Link("binding", "binding #" + binding.id() + " of " + binding.bindingModel(), facts,
          binding.externalId() == null ? null : "#/jobs?" + backendRef + "&q=" + binding.externalId()));
      links.add(new RelatedRecord.Link("local", "local " + binding.localModel() + " " + binding.localId(),
          Map.of("model", binding.localModel(), "id", binding.localId()), null));
    } else if (externalId != null) {
      links.add(new RelatedRecord.Link("binding", "no binding yet for " + model + " " + externalId,
          Map.of("external id", externalId), "#/jobs?" + backendRef + "&q=" + externalId));
    }
    links.add(new RelatedRecord.Link("backend", "backend " + backend, Map.of("id", backendId), "#/jobs?" + backendRef));
    return Optional.of(new RelatedRecord(words, links));
  }

  private String backendName(long id) {
    try {
      return "'" + Backends.of(env).get(id).name() + "'";
    } catch (RuntimeException e) {
      return "backend " + id + " (deleted)";
    }
  }
}
