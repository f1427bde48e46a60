package com.awkhad.connector.framework.mapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.component.ComponentRegistry;
import com.awkhad.connector.component.ComponentSpec;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.core.ConnectorComponent;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.exception.MappingError;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Mappers without a database: nested paths, null versus absent fields, @Mapping nulls, sourceKeys. */
class MapperPathsAndNullsTest {

  /** A task from a tracker: {"title", "note", "status": {"name"}, "project": {"id"}, "tags": {...}, "items": [...]}. */
  @ComponentSpec(name = "track.task.import.mapper", collection = "shop.backend", applyOn = "track.task")
  public static class TaskImportMapper extends ImportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(
          direct("title", "name"),
          direct("status.name", "state"),
          direct(convert("project.id", Long.class), "project_id"),
          direct(externalToM2o("project.id", "track.project.binding"), "project_ref"),
          direct(none("tags.main"), "tag"),
          direct(Source.of("note", "defaulted(note)", (m, f, v, r) -> v == null ? "(none)" : v), "note"));
    }

    @Override
    protected List<Child> children() {
      return List.of(new Child("items", "item_ids", "track.item"));
    }

    @Mapping(changedBy = {"owner.first", "owner.last"})
    public Map<String, Object> owner(Map<String, Object> record) {
      if (!SourcePath.has(record, "owner")) {
        return Map.of();
      }
      return Collections.singletonMap("owner_name", SourcePath.get(record, "owner.last"));
    }

    @Override
    protected Map<String, Object> finalizeValues(MapRecord record, Map<String, Object> values) {
      values.put("state_known", values.containsKey("state"));
      return values;
    }
  }

  @ComponentSpec(name = "track.item.import.mapper", collection = "shop.backend", applyOn = "track.item")
  public static class ItemImportMapper extends ImportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("sku", "code"));
    }
  }

  /** Resolves external project ids without a database: "7" is bound to local record 70. */
  @ComponentSpec(name = "track.project.binder", collection = "shop.backend", applyOn = "track.project.binding")
  public static class ProjectBinder extends Binder {
    @Override
    public Optional<Long> toLocalId(String externalId) {
      return Optional.of(Long.parseLong(externalId) * 10);
    }
  }

  /** Mapping methods returning nulls over direct values. */
  @ComponentSpec(name = "track.nulls.import.mapper", collection = "shop.backend", applyOn = "track.nulls")
  public static class NullsImportMapper extends ImportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("title", "name"), direct("code", "code"));
    }

    @Mapping(changedBy = "title")
    public Map<String, Object> blankName(Map<String, Object> record) {
      return Collections.singletonMap("name", null);
    }

    @Mapping(changedBy = "code")
    public Map<String, Object> several(Map<String, Object> record) {
      Map<String, Object> values = new HashMap<>();
      values.put("code", null);
      values.put("extra", null);
      values.put("kept", 1);
      return values;
    }
  }

  @ComponentSpec(name = "track.nullkey.import.mapper", collection = "shop.backend", applyOn = "track.nullkey")
  public static class NullKeyImportMapper extends ImportMapper {
    @Mapping(changedBy = "title")
    public Map<String, Object> broken(Map<String, Object> record) {
      return Collections.singletonMap(null, "x");
    }
  }

  /** A local partner with a JSON field 'address' to an external record with a flat 'city'. */
  @ComponentSpec(name = "track.partner.export.mapper", collection = "shop.backend", applyOn = "res.partner")
  public static class PartnerExportMapper extends ExportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("name", "fullname"), direct("address.city", "city"));
    }
  }

  @ComponentSpec(name = "track.typo.export.mapper", collection = "shop.backend", applyOn = "track.typo")
  public static class TypoExportMapper extends ExportMapper {
    @Override
    protected List<Direct> direct() {
      return List.of(direct("adress.city", "city"));
    }
  }

  private static final ComponentRegistry REGISTRY = ComponentRegistry.of(ConnectorComponent.class, Mapper.class, MapChild.class, ImportMapChild.class, ExportMapChild.class,
      ImportMapper.class, ExportMapper.class, Binder.class, TaskImportMapper.class, ItemImportMapper.class, ProjectBinder.class,
      NullsImportMapper.class, NullKeyImportMapper.class, PartnerExportMapper.class, TypoExportMapper.class,
      MapperTest.OrderImportMapper.class, MapperTest.LineImportMapper.class);

  private static <T> T mapper(Class<T> type, String usage, String model) {
    return WorkContext.builder(REGISTRY).collection("shop.backend").model(model).build().component(type, usage);
  }

  private static ImportMapper tasks() {
    return mapper(ImportMapper.class, ImportMapper.USAGE, "track.task");
  }

  private static Map<String, Object> task() {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("title", "Fix the grinder");
    task.put("note", "soon");
    task.put("status", Map.of("name", "open", "id", 3));
    task.put("project", Map.of("id", "7"));
    task.put("tags", Map.of("main", ""));
    task.put("owner", Map.of("first", "Ada", "last", "Lovelace"));
    task.put("items", List.of(Map.of("sku", "ESP")));
    return task;
  }

  private static Map<String, Object> with(Map<String, Object> record, String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(record);
    copy.put(key, value);
    return copy;
  }

  private static Map<String, Object> without(Map<String, Object> record, String... keys) {
    Map<String, Object> copy = new LinkedHashMap<>(record);
    for (String k : keys) {
      copy.remove(k);
    }
    return copy;
  }

  @Test
  void directSourcesReadNestedPaths() {
    Map<String, Object> values = tasks().mapRecord(task()).values(true, null);

    assertThat(values).containsExactly(
        Map.entry("name", "Fix the grinder"),
        Map.entry("state", "open"),
        Map.entry("project_id", 7L),
        Map.entry("project_ref", 70L),
        new java.util.AbstractMap.SimpleEntry<>("tag", null),
        Map.entry("note", "soon"),
        Map.entry("owner_name", "Lovelace"),
        Map.entry("item_ids", List.of(Map.of("code", "ESP"))),
        Map.entry("state_known", true));
  }

  @Test
  void aKeyThatIsTheWholePathWinsOverTheNestedValue() {
    Map<String, Object> record = with(task(), "status.name", "literal");
    assertThat(tasks().mapRecord(record).values(true, null)).containsEntry("state", "literal");
    assertThat(tasks().mapRecord(with(record, "status.name", null)).values(false, null)).containsEntry("state", null);

    Map<String, Object> deeper = Map.of("a", Map.of("b.c", 1, "b", Map.of("c", 2)), "x.y", Map.of("z", 3));
    assertThat(SourcePath.get(deeper, "a.b.c")).isEqualTo(1);
    assertThat(SourcePath.get(deeper, "a.b")).isEqualTo(Map.of("c", 2));
    assertThat(SourcePath.has(deeper, "x.y.z")).isFalse(); // a dotted key is found only as the whole remaining path
    assertThat(SourcePath.topKey("a.b.c")).isEqualTo("a");
  }

  @Test
  void aMissingIntermediateObjectIsAbsentAndANullOneIsNull() {
    // missing: null for a create, left out of an update
    Map<String, Object> noStatus = without(task(), "status", "project");
    assertThat(tasks().mapRecord(noStatus).values(true, null))
        .containsEntry("state", null).containsEntry("project_id", null).containsEntry("project_ref", null);
    assertThat(tasks().mapRecord(noStatus).values(false, null))
        .doesNotContainKeys("state", "project_id", "project_ref").containsEntry("state_known", false);
    // present but null: null, for an update too (the record says there is no status)
    Map<String, Object> nullStatus = with(with(task(), "status", null), "project", null);
    assertThat(tasks().mapRecord(nullStatus).values(false, null))
        .containsEntry("state", null).containsEntry("project_id", null).containsEntry("project_ref", null)
        .containsEntry("state_known", true);
    // an object without the key: absent too
    assertThat(tasks().mapRecord(with(task(), "status", Map.of("id", 3))).values(false, null)).doesNotContainKey("state");
  }

  @Test
  void anIntermediateValueThatIsNotAnObjectIsAMappingError() {
    assertThatThrownBy(() -> tasks().mapRecord(with(task(), "status", "open")).values(true, null))
        .isInstanceOf(MappingError.class)
        .hasMessage("Mapper track.task.import.mapper (TaskImportMapper) on track.task: field 'status.name': 'status' holds String"
            + " 'open', not an object (a map). Fix the path, or read it in a @Mapping method");
    assertThatThrownBy(() -> SourcePath.get(Map.of("a", Map.of("b", 5)), "a.b.c"))
        .isInstanceOf(MappingError.class)
        .hasMessage("field 'a.b.c': 'a.b' holds Integer '5', not an object (a map). Fix the path, or read it in a @Mapping method");
  }

  @Test
  void anAbsentFieldIsLeftOutOfAnUpdateAndAPresentNullSetsNull() {
    Map<String, Object> partial = Map.of("title", "From a list page");
    assertThat(tasks().mapRecord(partial).values(false, null)).containsExactly(
        Map.entry("name", "From a list page"), Map.entry("state_known", false));

    Map<String, Object> nulls = new HashMap<>();
    nulls.put("title", null);
    nulls.put("note", null);
    nulls.put("items", null);
    assertThat(tasks().mapRecord(nulls).values(false, null)).containsExactly(
        new java.util.AbstractMap.SimpleEntry<>("name", null),
        Map.entry("note", "(none)"),           // the modifier runs on the null
        Map.entry("item_ids", List.of()),
        Map.entry("state_known", false));
  }

  @Test
  void aCreateMapsAbsentAndNullFieldsAlike() {
    Map<String, Object> nulls = new HashMap<>();
    nulls.put("title", null);
    nulls.put("note", null);
    nulls.put("items", null);
    Map<String, Object> fromNulls = tasks().mapRecord(nulls).values(true, null);
    Map<String, Object> fromNothing = tasks().mapRecord(Map.of()).values(true, null);

    assertThat(fromNothing).isEqualTo(fromNulls);
    assertThat(fromNothing).containsEntry("name", null).containsEntry("state", null).containsEntry("note", "(none)")
        .containsEntry("item_ids", List.of()).containsEntry("state_known", true).doesNotContainKey("owner_name");
  }

  @Test
  void aMappingMethodCanReturnNullValues() {
    Mapper mapper = mapper(ImportMapper.class, ImportMapper.USAGE, "track.nulls");
    Map<String, Object> record = Map.of("title", "T", "code", "C");

    assertThat(mapper.mapRecord(record).values(true, null)).containsExactly(
        new java.util.AbstractMap.SimpleEntry<>("name", null),
        new java.util.AbstractMap.SimpleEntry<>("code", null),
        new java.util.AbstractMap.SimpleEntry<>("extra", null),
        Map.entry("kept", 1));
    assertThat(mapper.mapRecord(record).update(Collections.singletonMap("kept", null)).values(false, Set.of("code")))
        .containsEntry("kept", null).containsEntry("code", null).doesNotContainKey("name");

    Mapper broken = mapper(ImportMapper.class, ImportMapper.USAGE, "track.nullkey");
    assertThatThrownBy(() -> broken.mapRecord(record).values())
        .isInstanceOf(MappingError.class)
        .hasMessage("Mapper track.nullkey.import.mapper (NullKeyImportMapper) on track.nullkey: @Mapping method broken returned"
            + " a value without a field name (a null key): return the target field names as keys");
  }

  @Test
  void anExportMapperReadsAPathIntoAFieldTheLocalRecordHas() {
    ExportMapper mapper = mapper(ExportMapper.class, ExportMapper.USAGE, "res.partner");
    Map<String, Object> partner = new LinkedHashMap<>();
    partner.put("id", 1L);
    partner.put("name", "Ada");
    partner.put("address", Map.of("city", "London"));

    assertThat(mapper.mapRecord(partner).values(true, null)).containsExactly(Map.entry("fullname", "Ada"), Map.entry("city", "London"));
    assertThat(mapper.mapRecord(partner).values(false, Set.of("address"))).containsExactly(Map.entry("city", "London"));
    assertThat(mapper.changedByFields()).containsExactly("name", "address");
    assertThat(mapper.mapRecord(with(partner, "address", Map.of())).values(false, Set.of("address"))).isEmpty();
    assertThat(mapper.mapRecord(with(partner, "address", null)).values(false, Set.of("address"))).containsEntry("city", null);

    ExportMapper typo = mapper(ExportMapper.class, ExportMapper.USAGE, "track.typo");
    assertThatThrownBy(() -> typo.mapRecord(partner).values(false, null))
        .isInstanceOf(MappingError.class)
        .hasMessage("Mapper track.typo.export.mapper (TypoExportMapper) on track.typo: the local record has no field 'adress'."
            + " Its fields: [id, name, address]. Fix the source of the mapping");
  }

  @Test
  void sourceKeysAreTheTopLevelKeysReadOrEmptyWhenAMappingMayReadAnything() {
    assertThat(tasks().sourceKeys()).hasValueSatisfying(keys ->
        assertThat(keys).containsExactly("title", "status", "project", "tags", "note", "owner", "items"));
    assertThat(tasks().sourceKeys().map(task().keySet()::containsAll)).contains(true);
    assertThat(tasks().sourceKeys().map(without(task(), "owner").keySet()::containsAll)).contains(false);
    assertThat(mapper(ImportMapper.class, ImportMapper.USAGE, "track.item").sourceKeys()).contains(Set.of("sku"));

    // OrderImportMapper has @Mapping methods without changedBy (origin, nothing): they may read anything
    assertThat(mapper(ImportMapper.class, ImportMapper.USAGE, "shop.order").sourceKeys()).isEmpty();
  }
}
