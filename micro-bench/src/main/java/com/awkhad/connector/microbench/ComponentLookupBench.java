package com.awkhad.connector.microbench;

import com.awkhad.connector.coffee.CoffeeAddon;
import com.awkhad.connector.component.ComponentDescriptor;
import com.awkhad.connector.component.ComponentRegistry;
import com.awkhad.connector.component.WorkContext;
import com.awkhad.connector.framework.binder.Binder;
import com.awkhad.connector.framework.importer.RecordImporter;
import com.awkhad.connector.framework.mapper.ImportMapper;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A component found the way a connector job finds its collaborators: by usage on the work
 * context's collection and model, in the coffee connector's registry ({@link CoffeeRegistry},
 * built once). An import job looks up its importer, which looks up its mapper, binder and adapter:
 * several lookups per record, each one a cached registry query, new component instances, their
 * {@code matchesWork} and the choice of the most specific one.
 *
 * <ul>
 *   <li>{@code registryLookup}: {@link ComponentRegistry#lookup} alone (the cached candidates);
 *   <li>{@code mapper}: {@code work.component(ImportMapper.class, "import.mapper")} on
 *       {@code coffee.beverage.binding};
 *   <li>{@code binder}: {@code work.component(Binder.class, "binder")}, a component applying to two
 *       models;
 *   <li>{@code newContextAndImporter}: a work context built for the job, then its record importer
 *       looked up, what each import job starts with (without the backend attribute, which needs a
 *       database).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ComponentLookupBench {
  private ComponentRegistry registry;
  private WorkContext work;

  @Setup
  public void setup() {
    registry = CoffeeRegistry.build();
    work = WorkContext.builder(registry).collection(CoffeeAddon.BACKEND).model(CoffeeAddon.BEVERAGE_BINDING).build();
  }

  @Benchmark
  public List<ComponentDescriptor> registryLookup() {
    return registry.lookup(CoffeeAddon.BACKEND, ImportMapper.USAGE, CoffeeAddon.BEVERAGE_BINDING);
  }

  @Benchmark
  public ImportMapper mapper() {
    return work.component(ImportMapper.class, ImportMapper.USAGE);
  }

  @Benchmark
  public Binder binder() {
    return work.component(Binder.class, Binder.USAGE);
  }

  @Benchmark
  public RecordImporter newContextAndImporter() {
    WorkContext job = WorkContext.builder(registry).collection(CoffeeAddon.BACKEND).model(CoffeeAddon.BEVERAGE_BINDING)
        .build();
    return job.component(RecordImporter.class, RecordImporter.USAGE);
  }
}
