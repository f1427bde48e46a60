package com.awkhad.connector.framework.admin;

import com.awkhad.connector.base.env.Environment;
import com.awkhad.connector.base.text.ControlChars;
import com.awkhad.connector.base.text.Redact;
import com.awkhad.connector.component.NoComponentError;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.ConnectorJobs;
import com.awkhad.connector.framework.circuit.CircuitState;
import com.awkhad.connector.framework.circuit.Circuits;
import com.awkhad.connector.framework.adapter.BackendAdapter;
import com.awkhad.connector.framework.adapter.ConnectionCheck;
import com.awkhad.connector.framework.backend.Backend;
import com.awkhad.connector.framework.backend.BackendType;
import com.awkhad.connector.framework.backend.Backends;
import com.awkhad.connector.framework.backend.Secret;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.binding.Binding;
import com.awkhad.connector.framework.binding.Bindings;
import com.awkhad.connector.framework.importer.BatchImporter;
import com.awkhad.connector.queue.Queue;
import com.awkhad.connector.queue.job.JobHandle;
import com.awkhad.connector.queue.job.JobOptions;
import com.awkhad.connector.queue.recurring.MissedRuns;
import com.awkhad.connector.queue.recurring.RecurringJob;
import com.awkhad.connector.queue.recurring.RecurringJobs;
import com.awkhad.connector.queue.recurring.Schedule;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an operator does with backends, by name, from the CLI ({@code ./connector backends ...},
 * {@code import}, {@code export}) and the REST API ({@code /api/backends/...}): create, show,
 * update, archive, delete, check the connection, start imports and exports as jobs, schedule
 * recurring imports. Every refusal is an {@link AdminRefusal} saying what was wrong and what to do.
 *
 * <pre>{@code
 * BackendAdmin admin = BackendAdmin.of(env);
 * admin.create("coffee.backend", "Kitchen machine", "http://127.0.0.1:8070", null,
 *     Map.of("username", "barista"), Secret.of(token));
 * admin.check("Kitchen machine", null);                                    // one ConnectionCheck per binding model
 * JobHandle job = admin.importChanged("Kitchen machine", "coffee.beverage.binding");
 * admin.schedule("Kitchen machine", "coffee.beverage.binding", Schedule.every(Duration.ofMinutes(5)));
 * admin.export("Kitchen machine", "coffee.order.binding", 12);             // binds order 12 if needed
 * }</pre>
 *
 * <p>Backends are found by name (exact), else by id when the reference is a number. Names are
 * unique among the backends this class creates or renames. The secret is never returned: a
 * {@link Details} says only whether one is set and how it is stored. Job arguments carry the
 * backend's id, never the secret.
 */
public final class BackendAdmin {
  /** The recurring job name of a backend's scheduled import: {@code backend:<id>:import:<binding model>}. */
  public static final String SCHEDULE_PREFIX = "backend:";
  private static final Pattern INTERVAL = Pattern.compile("(\\d+)\\s*(s|m|h|d)");
  private static final int MAX_NAME = 128;

  private final Environment env;
  private final Backends backends;
  private final Bindings bindings;

  private BackendAdmin(Environment env) {
    this.env = env;
    this.backends = Backends.of(env);
    this.bindings = Bindings.of(env);
  }

  /** The operations on the backends of a started environment (with the {@code connector} addon). */
  public static BackendAdmin of(Environment env) {
    return new BackendAdmin(env);
  }

  // ---------------------------------------------------------------- finding

  /**
   * The backend named {@code ref}, else the backend whose id is {@code ref}.
   *
   * @throws AdminRefusal NOT_FOUND listing the backends, or CONFLICT when several have that name
   */
  public Backend find(String ref) {
    if (ref == null || ref.isBlank()) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Name the backend (its name or id); "
          + known());
    }
    List<Backends.Summary> all = backends.summaries();
    List<Backends.Summary> named = all.stream().filter(b -> b.name().equals(ref)).toList();
    if (named.size() > 1) {
      throw new AdminRefusal(AdminRefusal.Reason.CONFLICT, named.size() + " backends are named '"
          + ControlChars.escape(ref) + "' (ids " + named.stream().map(b -> String.valueOf(b.id())).toList()
          + "): use the id, and rename one (backends update ID --name NEW)");
    }
    if (named.size() == 1) {
      return backends.get(named.get(0).id());
    }
    if (ref.matches("\\d{1,18}")) {
      long id = Long.parseLong(ref);
      if (all.stream().anyMatch(b -> b.id() == id)) {
        return backends.get(id);
      }
    }
    throw new AdminRefusal(AdminRefusal.Reason.NOT_FOUND, "No backend named '" + ControlChars.escape(ref) + "'. "
        + known());
  }

  private String known() {
    List<Backends.Summary> all = backends.summaries();
    if (all.isEmpty()) {
      return "There are no backends yet: create one with ./connector backends create TYPE NAME --location URL";
    }
    return "Backends: " + String.join(", ", all.stream().map(b -> "'" + ControlChars.escape(b.name()) + "' (id "
        + b.id() + ")").toList()) + " (./connector backends list)";
  }

  // ---------------------------------------------------------------- create, show, update, delete

  /**
   * Creates an active backend.
   *
   * @param settings connector settings (text values from the command line are read as numbers or
   *     booleans where the connector asks for one)
   * @throws AdminRefusal INVALID for an unknown type (listing the declared ones), a bad name or
   *     location; CONFLICT when the name is taken
   */
  public Backend create(String type, String name, String location, String version, Map<String, ?> settings,
      Secret secret) {
    BackendType declared = type(type);
    checkName(name, null);
    checkLocation(location);
    Backends.NewBackend b = backends.newBackend(name, declared.name()).location(location).version(version)
        .secret(secret == null ? Secret.none() : secret);
    if (settings != null) {
      settings.forEach((k, v) -> b.setting(checkSettingKey(k), v));
    }
    return b.create();
  }

  /** The declared backend type {@code name}; AdminRefusal INVALID listing the declared ones. */
  public BackendType type(String name) {
    BackendType t = backends.types().get(name);
    if (t == null) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Unknown backend type '" + ControlChars.escape(name)
          + "'. Known types: " + typesDescribed() + ". A type is declared by a connector addon on the class path"
          + " (./connector addons lists them)");
    }
    return t;
  }

  private String typesDescribed() {
    if (backends.types().isEmpty()) {
      return "none (no connector addon is started)";
    }
    return String.join(", ", backends.types().values().stream().sorted(java.util.Comparator.comparing(BackendType::name))
        .map(t -> t.name() + " (models " + String.join(", ", t.bindings().keySet()) + ")").toList());
  }

  /**
   * A backend as an operator sees it: never the secret, only whether one is set and how it is
   * stored; the location with credentials masked; bindings per model; scheduled imports; its
   * circuit (null when it never failed with a network error).
   */
  public record Details(long id, String name, String type, String location, String version, boolean active,
      Map<String, Object> settings, boolean secretSet, String secretStorage, List<String> models,
      Map<String, Long> bindings, List<ScheduleView> schedules, CircuitState circuit) {}

  /** A scheduled import of one binding model of a backend. */
  public record ScheduleView(String name, String model, String schedule, Instant nextRunAt, Instant lastRunAt,
      String lastJobUuid, boolean enabled) {}

  /** The details of backend {@code ref}. */
  public Details details(String ref) {
    return details(find(ref));
  }

  /** The details of {@code b}. */
  public Details details(Backend b) {
    String storage = backends.summaries().stream().filter(s -> s.id() == b.id()).findFirst()
        .map(s -> s.secret().name().toLowerCase(Locale.ROOT)).orElse("none");
    return new Details(b.id(), b.name(), b.type(), Redact.url(b.location()), b.version(), b.active(),
        new LinkedHashMap<>(b.settings()), !"none".equals(storage), storage,
        List.copyOf(backends.types().containsKey(b.type()) ? b.backendType().bindings().keySet() : List.of()),
        bindings.countsByModel(b.id()), schedules(b.id()), circuit(b.id()));
  }

  /** What {@link #update} changes; a null field leaves it as it is. */
  public record Changes(String name, String location, String version, Map<String, ?> settings, Secret secret) {
    /** Nothing changed yet. */
    public static Changes none() {
      return new Changes(null, null, null, null, null);
    }

    public Changes withName(String value) {
      return new Changes(value, location, version, settings, secret);
    }

    public Changes withLocation(String value) {
      return new Changes(name, value, version, settings, secret);
    }

    public Changes withVersion(String value) {
      return new Changes(name, location, value, settings, secret);
    }

    /** Settings to merge: a null value removes the key. */
    public Changes withSettings(Map<String, ?> value) {
      return new Changes(name, location, version, value, secret);
    }

    /** The new secret; {@link Secret#none()} clears it. */
    public Changes withSecret(Secret value) {
      return new Changes(name, location, version, settings, value);
    }

    public boolean isEmpty() {
      return name == null && location == null && version == null && (settings == null || settings.isEmpty())
          && secret == null;
    }

    @Override
    public String toString() {
      return "Changes[name=" + name + ", location=" + Redact.url(location) + ", version=" + version + ", settings="
          + (settings == null ? null : settings.keySet()) + ", secret=" + (secret == null ? "unchanged" : secret) + "]";
    }
  }

  /**
   * Changes backend {@code ref}, in one transaction.
   *
   * @throws AdminRefusal INVALID when nothing is asked or a value is wrong; CONFLICT when the new name is taken
   */
  public Backend update(String ref, Changes changes) {
    if (changes == null || changes.isEmpty()) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Nothing to change: give --name, --location, --version,"
          + " --setting k=v, --unset-setting k, --secret-stdin, --secret-from-env VAR or --clear-secret");
    }
    Backend b = find(ref);
    if (changes.name() != null && !changes.name().equals(b.name())) {
      checkName(changes.name(), b.id());
    }
    if (changes.location() != null) {
      checkLocation(changes.location());
    }
    if (changes.settings() != null) {
      changes.settings().keySet().forEach(BackendAdmin::checkSettingKey);
    }
    env.tx().run(c -> {
      if (changes.name() != null) {
        backends.rename(b.id(), changes.name());
      }
      if (changes.location() != null) {
        backends.setLocation(b.id(), changes.location());
      }
      if (changes.version() != null) {
        backends.setVersion(b.id(), changes.version().isEmpty() ? null : changes.version());
      }
      if (changes.settings() != null && !changes.settings().isEmpty()) {
        backends.updateSettings(b.id(), changes.settings());
      }
      if (changes.secret() != null) {
        backends.setSecret(b.id(), changes.secret());
      }
    });
    return backends.get(b.id());
  }

  /**
   * Archives ({@code active = false}) or restores backend {@code ref}: the jobs of an archived
   * backend, its scheduled imports' too, do nothing and say so. Returns the backend as it is now.
   */
  public Backend setActive(String ref, boolean active) {
    Backend b = find(ref);
    backends.setActive(b.id(), active);
    return backends.get(b.id());
  }

  /** What {@link #delete} removed. */
  public record Deleted(long id, String name, int bindings, int schedules) {}

  /**
   * Deletes backend {@code ref} and its scheduled imports. A backend that synchronized records
   * (it has bindings) is refused unless {@code force}: archive it instead ({@link #setActive}),
   * which keeps the links between local and external records; with {@code force} its bindings
   * are deleted too (the local records stay, unbound: exporting them again would create new
   * external records). Jobs already queued for it fail with "No connector backend with id ...".
   *
   * @throws AdminRefusal CONFLICT when it has bindings and {@code force} is false
   */
  public Deleted delete(String ref, boolean force) {
    Backend b = find(ref);
    Map<String, Long> counts = bindings.countsByModel(b.id());
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    if (total > 0 && !force) {
      throw new AdminRefusal(AdminRefusal.Reason.CONFLICT, "Backend '" + ControlChars.escape(b.name()) + "' (id "
          + b.id() + ") has " + total + " binding(s) " + counts + ": they link local records to external ones."
          + " Archive it instead (./connector backends disable " + quoted(b.name()) + "), which keeps them; or delete"
          + " it with its bindings (--force; the local records stay, unbound)");
    }
    return env.tx().inTransaction(c -> {
      int removed = 0;
      for (ScheduleView s : schedules(b.id())) {
        if (RecurringJobs.of(env).remove(s.name())) {
          removed++;
        }
      }
      int unbound = total > 0 ? bindings.deleteOf(b.id()) : 0;
      backends.delete(b.id());
      return new Deleted(b.id(), b.name(), unbound, removed);
    });
  }

  // ---------------------------------------------------------------- check

  /** The connection check of one binding model's adapter. */
  public record ModelCheck(String model, ConnectionCheck check) {}

  /**
   * Runs the connection check of the adapter of each binding model of backend {@code ref} (or of
   * {@code model} alone when not null); see {@link BackendAdapter#check()}. A model without an
   * adapter is reported {@code UNSUPPORTED}. Works on archived backends too.
   */
  public List<ModelCheck> check(String ref, String model) {
    Backend b = find(ref);
    List<String> models = model == null ? modelsOf(b) : List.of(model(b, model));
    List<ModelCheck> out = new ArrayList<>();
    for (String m : models) {
      try (WorkContext work = b.workOn(m)) {
        BackendAdapter adapter;
        try {
          adapter = work.component(BackendAdapter.class, BackendAdapter.USAGE);
        } catch (NoComponentError e) {
          out.add(new ModelCheck(m, ConnectionCheck.unsupported("No backend.adapter for " + m)));
          continue;
        }
        out.add(new ModelCheck(m, adapter.check()));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- imports and exports

  /**
   * Delays the import of external record {@code externalId} ({@code ConnectorJobs.importRecord});
   * {@code force} imports it even when the binding says it is up to date.
   */
  public JobHandle importRecord(String ref, String model, String externalId, boolean force) {
    if (externalId == null || externalId.isBlank()) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Give the external id of the record to import");
    }
    Backend b = active(find(ref), "import");
    String m = model(b, model);
    return enqueue(b, m, "Import " + m + " '" + externalId + "' from backend '" + b.name() + "'",
        j -> j.importRecord(b.id(), m, externalId, force));
  }

  /** Delays the import of every record of {@code model} ({@code ConnectorJobs.importBatch} without filters). */
  public JobHandle importAll(String ref, String model) {
    Backend b = active(find(ref), "import");
    String m = model(b, model);
    batchImporter(b, m);
    return enqueueImport(b, m, "Import every " + m + " from backend '" + b.name() + "'",
        j -> j.importBatch(b.id(), m, Map.of()));
  }

  /**
   * Delays the import of the records of {@code model} changed since {@code since}
   * ({@code ConnectorJobs.importBatch} with the batch importer's since filter, in the remote's format).
   */
  public JobHandle importSince(String ref, String model, Instant since) {
    Backend b = active(find(ref), "import");
    String m = model(b, model);
    Map<String, Object> filters;
    try (WorkContext work = b.workOn(m)) {
      filters = batchImporter(work, b, m).sinceFilters(since);
    }
    return enqueueImport(b, m, "Import " + m + " changed since " + since + " from backend '" + b.name() + "'",
        j -> j.importBatch(b.id(), m, filters));
  }

  /**
   * Delays the import of the records of {@code model} changed since the last such import
   * ({@code ConnectorJobs.importSince} with the batch importer's {@link BatchImporter#markSetting()}):
   * everything the first time.
   */
  public JobHandle importChanged(String ref, String model) {
    Backend b = active(find(ref), "import");
    String m = model(b, model);
    String mark = markSetting(b, m);
    return enqueueImport(b, m, "Import " + m + " changed since the last run from backend '" + b.name() + "'",
        j -> j.importSince(b.id(), m, mark));
  }

  /** What {@link #export} did: the binding (created when the record had none) and the job. */
  public record Exported(long bindingId, boolean bindingCreated, String externalId, JobHandle job) {}

  /**
   * Delays the export of local record {@code localId} of {@code model}'s local model
   * ({@code ConnectorJobs.exportRecord}, every field), creating its binding when it has none, in
   * one transaction.
   *
   * @throws AdminRefusal NOT_FOUND when the local record does not exist
   */
  public Exported export(String ref, String model, long localId) {
    Backend b = active(find(ref), "export");
    String m = model(b, model);
    String local = b.backendType().bindings().get(m);
    if (!env.model(local).exists(localId)) {
      throw new AdminRefusal(AdminRefusal.Reason.NOT_FOUND, "No " + local + " record with id " + localId + " (the"
          + " local model that " + m + " binds): give the id of an existing record");
    }
    return env.tx().inTransaction(c -> {
      Binding existing = bindings.byLocal(b.id(), m, localId).orElse(null);
      Binding binding;
      try (WorkContext work = b.workOn(m)) {
        binding = existing != null ? existing : work.component(Binder.class, Binder.USAGE).bindingFor(localId);
      }
      long bindingId = binding.id();
      JobHandle job = env.service(Queue.class).enqueue(ConnectorJobs.class, JobOptions.defaults().model(m).identityExact()
          .description("Export " + local + " #" + localId + " to backend '" + b.name() + "'"),
          j -> j.exportRecord(bindingId, null));
      return new Exported(bindingId, existing == null, binding.externalId(), job);
    });
  }

  // ---------------------------------------------------------------- schedules

  /**
   * Imports {@code model}'s changed records on {@code schedule}: a recurring job named
   * {@code backend:<id>:import:<model>} delaying {@code ConnectorJobs.importSince} (the mark of
   * {@link BatchImporter#markSetting()}); defining it again replaces the schedule. Runners
   * ({@code ./connector run}) enqueue it; {@code ./connector jobs recurring} lists it.
   */
  public ScheduleView schedule(String ref, String model, Schedule schedule) {
    Backend b = find(ref);
    String m = model(b, model);
    String mark = markSetting(b, m);
    String name = scheduleName(b.id(), m);
    RecurringJobs.of(env).define(name, schedule, MissedRuns.RUN_ONCE, ConnectorJobs.class,
        JobOptions.defaults().model(m).description("Scheduled import of " + m + " from backend " + b.id()),
        j -> j.importSince(b.id(), m, mark));
    return schedules(b.id()).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }

  /**
   * Defines every schedule of a {@link ScheduleFile}, in one transaction: all of them, or none when
   * one names an unknown backend or model. Schedules not in the file are left as they are.
   */
  public List<ScheduleView> apply(List<ScheduleFile.Entry> entries) {
    for (ScheduleFile.Entry e : entries) {
      try {
        model(find(e.backend()), e.model());
      } catch (AdminRefusal refusal) {
        throw new AdminRefusal(refusal.reason(), "Schedule '" + e.label() + "': " + refusal.getMessage()
            + ". No schedule of the file was applied");
      }
    }
    return env.tx().inTransaction(c -> {
      List<ScheduleView> out = new ArrayList<>();
      for (ScheduleFile.Entry e : entries) {
        out.add(schedule(e.backend(), e.model(), e.schedule()));
      }
      return out;
    });
  }

  /** Removes the scheduled import of {@code model}; false when there was none. */
  public boolean unschedule(String ref, String model) {
    Backend b = find(ref);
    return RecurringJobs.of(env).remove(scheduleName(b.id(), model(b, model)));
  }

  /** The scheduled imports of backend {@code backendId}. */
  public List<ScheduleView> schedules(long backendId) {
    String prefix = SCHEDULE_PREFIX + backendId + ":import:";
    List<ScheduleView> out = new ArrayList<>();
    for (RecurringJob r : RecurringJobs.of(env).list()) {
      if (r.name().startsWith(prefix)) {
        out.add(new ScheduleView(r.name(), r.name().substring(prefix.length()), r.schedule().describe(),
            r.nextRunAt(), r.lastRunAt(), r.lastJobUuid(), r.enabled()));
      }
    }
    return out;
  }

  static String scheduleName(long backendId, String model) {
    return SCHEDULE_PREFIX + backendId + ":import:" + model;
  }

  // ---------------------------------------------------------------- parsing operator input

  /**
   * An interval as operators write it: {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}.
   *
   * @throws AdminRefusal INVALID saying how to write one
   */
  public static Duration interval(String text) {
    Matcher m = text == null ? null : INTERVAL.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (m == null || !m.matches()) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Invalid interval '" + ControlChars.escape(text)
          + "': write a number and a unit, s, m, h or d, e.g. 30s, 5m, 2h, 1d");
    }
    long n = Long.parseLong(m.group(1));
    Duration d = switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "An interval must be at least 1s, got '" + text + "'");
    }
    return d;
  }

  /**
   * A schedule from {@code every} (an {@link #interval}) or {@code cron} (five fields, in
   * {@code zone} or UTC): exactly one of them.
   */
  public static Schedule schedule(String every, String cron, String zone) {
    if ((every == null) == (cron == null)) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Give one schedule: --every 5m (an interval) or --cron"
          + " '*/15 * * * *' (minute hour day-of-month month day-of-week)");
    }
    if (every != null) {
      if (zone != null) {
        throw new AdminRefusal(AdminRefusal.Reason.INVALID, "A time zone applies to --cron only");
      }
      return Schedule.every(interval(every));
    }
    try {
      return zone == null ? Schedule.cron(cron) : Schedule.cron(cron, java.time.ZoneId.of(zone));
    } catch (java.time.DateTimeException e) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Unknown time zone '" + ControlChars.escape(zone)
          + "': use a region such as Europe/Paris or UTC");
    } catch (IllegalArgumentException e) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, e.getMessage());
    }
  }

  /**
   * An instant as operators write it: {@code 2026-11-28T10:00:00Z}, with an offset
   * ({@code +01:00}), or a date ({@code 2026-11-28}, midnight UTC).
   */
  public static Instant instant(String text) {
    String t = text == null ? "" : text.trim();
    try {
      if (t.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return java.time.LocalDate.parse(t).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Invalid time '" + ControlChars.escape(text) + "': write"
          + " an ISO-8601 instant such as 2026-11-28T10:00:00Z (or with an offset, +01:00), or a date 2026-11-28");
    }
  }

  /**
   * A {@code key=value} setting from the command line; the value is kept as text (the connector
   * reads it as a number or a boolean where it asks for one).
   */
  public static Map.Entry<String, String> setting(String keyValue) {
    int eq = keyValue == null ? -1 : keyValue.indexOf('=');
    if (eq <= 0) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Invalid setting '" + ControlChars.escape(keyValue)
          + "': write key=value, e.g. --setting username=barista");
    }
    return Map.entry(checkSettingKey(keyValue.substring(0, eq).trim()), keyValue.substring(eq + 1));
  }

  private static String checkSettingKey(String key) {
    if (key == null || !key.matches("[A-Za-z0-9_.-]{1,100}")) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Invalid setting name '" + ControlChars.escape(key)
          + "': use letters, digits, '_', '.' or '-', e.g. username or http_timeout_seconds");
    }
    if (key.equalsIgnoreCase("secret") || key.equalsIgnoreCase("password") || key.equalsIgnoreCase("token")) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "A credential is not a setting (settings are shown by"
          + " backends show and the API): give it as the secret, with --secret-stdin or --secret-from-env VAR");
    }
    return key;
  }

  // ---------------------------------------------------------------- checks

  private void checkName(String name, Long self) {
    if (name == null || name.isBlank() || name.length() > MAX_NAME || !name.equals(name.strip())
        || !ControlChars.escape(name).equals(name)) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Invalid backend name '" + ControlChars.escape(name)
          + "': 1 to " + MAX_NAME + " characters, no control characters nor leading or trailing spaces, e.g."
          + " \"Kitchen machine\"");
    }
    for (Backends.Summary s : backends.summaries()) {
      if (s.name().equalsIgnoreCase(name) && (self == null || s.id() != self)) {
        throw new AdminRefusal(AdminRefusal.Reason.CONFLICT, "A backend named '" + ControlChars.escape(s.name())
            + "' exists already (id " + s.id() + "): choose another name, or change that one with ./connector"
            + " backends update " + quoted(s.name()));
      }
    }
  }

  private static void checkLocation(String location) {
    if (location == null || location.isBlank()) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Give the backend's location, the base URL of the"
          + " external system, e.g. --location https://shop.example.com/api");
    }
    URI uri;
    try {
      uri = new URI(location.trim());
    } catch (java.net.URISyntaxException e) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "The location is not a URL (" + e.getReason()
          + "): give the base URL of the external system, e.g. https://shop.example.com/api");
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "The location '" + Redact.url(location) + "' needs a"
          + " scheme and a host, e.g. https://shop.example.com/api");
    }
    if (uri.getRawUserInfo() != null) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "The location holds credentials (user:password@): remove"
          + " them and give the credential as the secret (--secret-stdin or --secret-from-env VAR); a user name goes"
          + " in a setting");
    }
  }

  private Backend active(Backend b, String what) {
    if (!b.active()) {
      throw new AdminRefusal(AdminRefusal.Reason.CONFLICT, "Backend '" + ControlChars.escape(b.name()) + "' (id "
          + b.id() + ") is archived: its jobs would do nothing. Restore it first (./connector backends enable "
          + quoted(b.name()) + "), then " + what + " again");
    }
    return b;
  }

  private List<String> modelsOf(Backend b) {
    return List.copyOf(declared(b).bindings().keySet());
  }

  private BackendType declared(Backend b) {
    BackendType t = backends.types().get(b.type());
    if (t == null) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Backend '" + ControlChars.escape(b.name()) + "' is of type"
          + " '" + b.type() + "', which no started addon declares. Known types: " + typesDescribed()
          + ". Put the connector's jar on the class path");
    }
    return t;
  }

  /** {@code model} when the backend's type declares it; AdminRefusal INVALID listing its models otherwise. */
  private String model(Backend b, String model) {
    BackendType t = declared(b);
    if (model == null || !t.bindings().containsKey(model)) {
      String hint = model == null ? "" : t.bindings().entrySet().stream()
          .filter(e -> e.getValue().equals(model)).map(e -> " (" + model + " is the local model of " + e.getKey() + ")")
          .findFirst().orElse("");
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "Backend type '" + t.name() + "' has no binding model '"
          + ControlChars.escape(model) + "'" + hint + ". Its binding models: " + String.join(", ", t.bindings().keySet()));
    }
    return model;
  }

  private BatchImporter batchImporter(Backend b, String model) {
    try (WorkContext work = b.workOn(model)) {
      return batchImporter(work, b, model);
    }
  }

  private BatchImporter batchImporter(WorkContext work, Backend b, String model) {
    try {
      return work.component(BatchImporter.class, BatchImporter.USAGE);
    } catch (NoComponentError e) {
      throw new AdminRefusal(AdminRefusal.Reason.INVALID, "The " + b.type() + " connector has no batch importer for "
          + model + ": its records are imported one at a time (--external-id ID)");
    }
  }

  private String markSetting(Backend b, String model) {
    try (WorkContext work = b.workOn(model)) {
      return batchImporter(work, b, model).markSetting();
    }
  }

  /**
   * Delays a batch import as the first job of a new job batch named {@code description}: the
   * record imports it delays join the batch, whose progress the API shows. When an open job with
   * the same identity key already existed, no batch is kept.
   */
  private JobHandle enqueueImport(Backend b, String model, String description,
      java.util.function.Consumer<ConnectorJobs> call) {
    com.awkhad.connector.queue.batch.JobBatches batches = com.awkhad.connector.queue.batch.JobBatches.of(env);
    long batch = batches.create(description);
    JobHandle h;
    try (com.awkhad.connector.queue.batch.JobBatches.Scope scope = com.awkhad.connector.queue.batch.JobBatches.open(batch)) {
      h = enqueue(b, model, description, call);
    }
    if (h.existing()) {
      batches.deleteIfEmpty(batch);
    }
    return h;
  }

  private JobHandle enqueue(Backend b, String model, String description, java.util.function.Consumer<ConnectorJobs> call) {
    return env.service(Queue.class).enqueue(ConnectorJobs.class,
        JobOptions.defaults().model(model).identityExact().description(description), call);
  }

  private CircuitState circuit(long backendId) {
    if (!env.hasService(Circuits.class)) {
      return null;
    }
    return Circuits.of(env).state(backendId).map(c -> new CircuitState(c.backendId(), c.open(), c.failures(),
        c.reason() == null ? null : Redact.text(c.reason()), c.openedAt(), c.closedAt(), c.probes(), c.nextProbeAt(),
        c.probingUntil(), c.probeJob(), c.waiting())).orElse(null);
  }

  private static String quoted(String name) {
    return name.matches("[A-Za-z0-9_.-]+") ? name : "'" + ControlChars.escape(name) + "'";
  }
}
