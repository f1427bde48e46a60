package com.awkhad.connector.queue.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.awkhad.connector.queue.job.JobRecord;
import com.awkhad.connector.queue.job.JobState;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job dispatch reads a row into a call, and its cache of lookups answers as a fresh lookup
 * would: per method arity, per context class loader, and with every argument read anew.
 */
class JobDispatchTest {

  public static class Target {
    public void add(long a, List<Long> rest) {}

    public void add(long a) {}
  }

  private static JobRecord job(String className, String method, String args) {
    return new JobRecord(1L, "u-1", null, "d", className + "." + method, className, method, args, JobState.ENQUEUED,
        10, null, 0, 5, "root", null, null, null, null, null, Instant.now(), null, null, null, null, null, null, null,
        null, null);
  }

  @Test
  void aCallHasItsMethodByArityAndItsArgumentsReadAsTheParameterTypesEachTime() throws Exception {
    JobDispatch dispatch = new JobDispatch();
    JobDispatch.Call two = dispatch.prepare(job(Target.class.getName(), "add", "[1, [2, 3]]"));
    JobDispatch.Call one = dispatch.prepare(job(Target.class.getName(), "add", "[7]"));
    JobDispatch.Call again = dispatch.prepare(job(Target.class.getName(), "add", "[4, [5]]"));

    assertThat(two.method()).isEqualTo(Target.class.getMethod("add", long.class, List.class));
    assertThat(two.args()).containsExactly(1L, List.of(2L, 3L));
    assertThat(one.method()).isEqualTo(Target.class.getMethod("add", long.class));
    assertThat(one.args()).containsExactly(7L);
    assertThat(again.method()).isEqualTo(two.method());
    assertThat(again.args()).containsExactly(4L, List.of(5L));
  }

  @Test
  void anArgumentOfTheWrongTypeIsNamedAlsoOnceTheMethodIsKnown() throws Exception {
    JobDispatch dispatch = new JobDispatch();
    dispatch.prepare(job(Target.class.getName(), "add", "[1, [2]]"));

    assertThatThrownBy(() -> dispatch.prepare(job(Target.class.getName(), "add", "[1, \"x\"]")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Argument 2 of " + Target.class.getName() + ".add")
        .hasMessageContaining("The parameter type changed since the job was enqueued");
    assertThatThrownBy(() -> dispatch.prepare(job(Target.class.getName(), "add", "{\"a\": 1}")))
        .hasMessageContaining("must be a JSON array");
    assertThatThrownBy(() -> dispatch.prepare(job(Target.class.getName(), "add", "[1, 2, 3]")))
        .isInstanceOf(NoSuchMethodException.class).hasMessageContaining("taking 3 argument(s)");
  }

  @Test
  void aJobUnderAnotherContextClassLoaderGetsThatLoadersClass() throws Exception {
    JobDispatch dispatch = new JobDispatch();
    String name = Target.class.getName();
    assertThat(dispatch.prepare(job(name, "add", "[1]")).type()).isSameAs(Target.class);

    ClassLoader own = new ChildFirst(name, JobDispatchTest.class.getClassLoader());
    Thread self = Thread.currentThread();
    ClassLoader before = self.getContextClassLoader();
    self.setContextClassLoader(own);
    try {
      JobDispatch.Call call = dispatch.prepare(job(name, "add", "[1]"));
      assertThat(call.type()).isNotSameAs(Target.class);
      assertThat(call.type().getClassLoader()).isSameAs(own);
      assertThat(call.method().getDeclaringClass()).isSameAs(call.type());
    } finally {
      self.setContextClassLoader(before);
    }
    assertThat(dispatch.prepare(job(name, "add", "[1]")).type()).isSameAs(Target.class);
  }

  /** Loads one class itself from its parent's bytes, as a restarted application's loader would. */
  private static final class ChildFirst extends ClassLoader {
    private final String name;

    ChildFirst(String name, ClassLoader parent) {
      super(parent);
      this.name = name;
    }

    @Override
    protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
      if (!n.equals(name)) {
        return super.loadClass(n, resolve);
      }
      synchronized (getClassLoadingLock(n)) {
        Class<?> c = findLoadedClass(n);
        if (c == null) {
          try (InputStream in = getParent().getResourceAsStream(n.replace('.', '/') + ".class")) {
            byte[] bytes = in.readAllBytes();
            c = defineClass(n, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(n, e);
          }
        }
        return c;
      }
    }
  }
}
