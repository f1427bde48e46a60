package com.awkhad.connector.framework.sync;

import com.awkhad.connector.base.addon.Addon;
import com.awkhad.connector.base.addon.Manifest;
import com.awkhad.connector.base.model.Field;
import com.awkhad.connector.base.model.ModelRegistry;
import com.awkhad.connector.component.AbstractComponent;
import com.awkhad.connector.component.ComponentProvider;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.framework.adapter.HttpJsonAdapter;
import com.awkhad.connector.framework.adapter.HttpJsonClient;
import com.awkhad.connector.framework.adapter.Paging;
import com.awkhad.connector.framework.adapter.RemoteClock;
import com.awkhad.connector.framework.backend.BackendType;
import com.awkhad.connector.framework.backend.BackendTypeProvider;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.exporter.RecordExporter;
import com.awkhad.connector.framework.importer.DirectBatchImporter;
import com.awkhad.connector.framework.listener.ExportListener;
import com.awkhad.connector.framework.mapper.Direct;
import com.awkhad.connector.framework.mapper.ExportMapper;
import com.awkhad.connector.framework.mapper.ImportMapper;
import java.util.List;

/**
 * A connector to an issue tracker shaped like the real one a user synchronized (served by
 * {@code RestFake} with its defaults): records as {@code {"issue": {...}}}, lists as
 * {@code {"issues": [...], "total_count": N}} by offset/limit, {@code updated_on} in whole seconds,
 * an API key header, {@code 204} on update, a number and a status set by the tracker on create.
 * Only configuration hooks: no CRUD method is overridden.
 */
public final class TrackerConnectorAddon implements Addon, ComponentProvider, BackendTypeProvider {
  public static final String BACKEND = "tracker.backend";
  public static final String ISSUE = "tracker.issue.binding";

  @Override
  public Manifest manifest() {
    return Manifest.of("tracker_connector", "1.0.0").category("Connector").depends("connector").build();
  }

  @Override
  public void registerModels(ModelRegistry models) {
    models.define("tracker.issue", "tracker_issue")
        .field(Field.chars("subject").required())
        .field(Field.chars("status"))
        .field(Field.chars("number"))
        .field(Field.chars("note"))
        .build();
  }

  @Override
  public List<BackendType> backendTypes() {
    return List.of(BackendType.builder(BACKEND)
        .description("An issue tracker served by RestFake on loopback")
        .binding(ISSUE, "tracker.issue")
        .resource(HttpJsonClient.RESOURCE, HttpJsonClient::forBackend)
        .build());
  }

  @Override
  public List<Class<? extends AbstractComponent>> components() {
    return List.of(IssueBinder.class, IssueAdapter.class, IssueImportMapper.class, IssueExportMapper.class,
        IssueBatchImporter.class, IssueExporter.class, IssueExportListener.class);
  }

  @ComponentSpec(name = "tracker.binder", collection = BACKEND, applyOn = ISSUE)
  public static class IssueBinder extends Binder {}

  /** The tracker's API, by configuration hooks only. */
  @ComponentSpec(name = "tracker.issue.adapter", collection = BACKEND, applyOn = ISSUE)
  public static class IssueAdapter extends HttpJsonAdapter {
    @Override
    protected String resourcePath() {
      return "/issues";
    }

    @Override
    protected String recordEnvelope() {
      return "issue";
    }

    @Override
    protected String listEnvelope() {
      return "issues";
    }

    @Override
    protected Paging paging() {
      return Paging.offsetLimit("offset", "limit", "total_count").size(25);
    }

    @Override
    public RemoteClock clock() {
      return RemoteClock.isoSeconds();
    }

    @Override
    protected String updatedAtField() {
      return "updated_on";
    }
  }

  /** {"subject", "status": {"name"}, "number"} to tracker.issue; a nested path, no @Mapping: list pages suffice. */
  @ComponentSpec(name = "tracker.issue.import.mapper", collection = BACKEND, applyOn = ISSUE)
  public static class IssueImportMapper extends ImportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("subject", "subject"), direct("status.name", "status"), direct("number", "number"));
    }
  }

  @ComponentSpec(name = "tracker.issue.export.mapper", collection = BACKEND, applyOn = ISSUE)
  public static class IssueExportMapper extends ExportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("subject", "subject"));
    }
  }

  @ComponentSpec(name = "tracker.issue.batch.importer", collection = BACKEND, applyOn = ISSUE)
  public static class IssueBatchImporter extends DirectBatchImporter {
    @Override
    protected String sinceFilter() {
      return "updated_on";
    }
  }

  @ComponentSpec(name = "tracker.issue.exporter", collection = BACKEND, applyOn = ISSUE)
  public static class IssueExporter extends RecordExporter {}

  @ComponentSpec(name = "tracker.issue.export.listener", collection = BACKEND, applyOn = "tracker.issue")
  public static class IssueExportListener extends ExportListener {}
}
