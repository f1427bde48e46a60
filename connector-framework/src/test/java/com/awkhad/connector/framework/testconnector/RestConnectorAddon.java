package com.awkhad.connector.framework.testconnector;

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
import java.util.List;

/**
 * A connector to a {@link RestFake}: the local model rest.issue, the backend type rest.backend
 * with the binding model rest.issue.binding, and one adapter whose hooks the backend's settings
 * choose ({@code record_envelope}, {@code list_envelope}, {@code paging}, {@code page_size},
 * {@code max_pages}, {@code write_method}, {@code etag_field}), so that each test shapes the
 * adapter like the API it fakes.
 */
public final class RestConnectorAddon implements Addon, ComponentProvider, BackendTypeProvider {
  public static final String BACKEND = "rest.backend";
  public static final String ISSUE = "rest.issue.binding";

  @Override
  public Manifest manifest() {
    return Manifest.of("rest_connector", "1.0.0").category("Connector").depends("connector").build();
  }

  @Override
  public void registerModels(ModelRegistry models) {
    models.define("rest.issue", "rest_issue").field(Field.chars("subject").required()).build();
  }

  @Override
  public List<BackendType> backendTypes() {
    return List.of(BackendType.builder(BACKEND)
        .description("An API served by RestFake on loopback")
        .binding(ISSUE, "rest.issue")
        .resource(HttpJsonClient.RESOURCE, HttpJsonClient::forBackend)
        .build());
  }

  @Override
  public List<Class<? extends AbstractComponent>> components() {
    return List.of(IssueAdapter.class);
  }

  /** The adapter of /issues, its hooks read from the backend's settings. */
  @ComponentSpec(name = "rest.issue.adapter", collection = BACKEND, applyOn = ISSUE)
  public static class IssueAdapter extends HttpJsonAdapter {
    private String setting(String key) {
      return backend().setting(key, String.class).orElse(null);
    }

    private int number(String key, int otherwise) {
      return backend().setting(key, Integer.class).orElse(otherwise);
    }

    @Override
    protected String resourcePath() {
      return "/issues";
    }

    @Override
    protected String recordEnvelope() {
      return setting("record_envelope");
    }

    @Override
    protected String listEnvelope() {
      return setting("list_envelope");
    }

    @Override
    protected Paging paging() {
      String style = setting("paging");
      Paging paging = switch (style == null ? "none" : style) {
        case "none" -> Paging.none();
        case "offset" -> Paging.offsetLimit("offset", "limit", "total_count");
        case "offset-no-total" -> Paging.offsetLimit("offset", "limit", null);
        case "page" -> Paging.page("page", "per_page");
        case "link" -> Paging.link("per_page");
        case "cursor" -> Paging.cursor("cursor", "/meta/next_cursor", "limit");
        default -> throw new IllegalArgumentException("paging " + style);
      };
      return paging.size(number("page_size", Paging.DEFAULT_SIZE)).maxPages(number("max_pages", Paging.DEFAULT_MAX_PAGES));
    }

    @Override
    protected String writeMethod() {
      String method = setting("write_method");
      return method == null ? super.writeMethod() : method;
    }

    @Override
    protected String etagField() {
      return setting("etag_field");
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
}
