package com.awkhad.connector.framework.adapter;

import java.util.Objects;

/**
 * How a REST API pages its listings: what {@link HttpJsonAdapter#paging()} returns, so that
 * {@link HttpJsonAdapter#searchRead} reads every page. An immutable value; each method returns a
 * copy.
 *
 * <pre>{@code
 * Paging.none()                                         // one answer holds everything (the default)
 * Paging.offsetLimit("offset", "limit", "total_count")  // ?offset=0&limit=100 ... until total_count is reached
 * Paging.offsetLimit("offset", "limit", null)           // ... until a page comes back short
 * Paging.page("page", "per_page")                       // ?page=1&per_page=100, ?page=2 ... until a short page
 * Paging.link("per_page")                               // follows Link: <...>; rel="next" until there is none
 * Paging.cursor("cursor", "/meta/next_cursor", "limit") // ?cursor=<the last answer's meta.next_cursor> until it is null
 * Paging.page("page", "per_page").size(50).maxPages(200)
 * }</pre>
 *
 * <p>Where a value sits in an answer ({@code totalAt}, {@code nextCursorAt}) is a field of the
 * answer's top-level object ({@code "total_count"}) or a JSON pointer ({@code "/meta/total"}).
 * The page size is sent in the size parameter; choose one the server accepts: where the listing
 * stops on a short page, a server capping it lower would end the listing after its first page.
 * A listing longer than {@link #maxPages()} pages stops with an error instead of running forever
 * (for example on a server that ignores the paging parameters and repeats its first page).
 */
public final class Paging {
  /** The paging styles. */
  public enum Style {
    /** No paging: one request. */
    NONE,
    /** {@code offset} and {@code limit} parameters; ends at the total, or on a short page. */
    OFFSET_LIMIT,
    /** A page number (from {@link #firstPage()}) and a page size; ends on a short page. */
    PAGE,
    /** The {@code Link} header's {@code rel="next"} URL (RFC 8288); ends when there is none. */
    LINK,
    /** An opaque cursor from the answer, sent back as a parameter; ends when the answer has none. */
    CURSOR
  }

  /** The default page size. */
  public static final int DEFAULT_SIZE = 100;
  /** The default largest number of pages one listing may read. */
  public static final int DEFAULT_MAX_PAGES = 1000;

  private final Style style;
  private final String positionParam;
  private final String sizeParam;
  private final String answerAt;
  private final int size;
  private final int maxPages;
  private final int firstPage;

  private Paging(Style style, String positionParam, String sizeParam, String answerAt, int size, int maxPages, int firstPage) {
    this.style = style;
    this.positionParam = positionParam;
    this.sizeParam = sizeParam;
    this.answerAt = answerAt;
    this.size = size;
    this.maxPages = maxPages;
    this.firstPage = firstPage;
  }

  /** No paging: the listing is one request and its answer holds every record. */
  public static Paging none() {
    return new Paging(Style.NONE, null, null, null, DEFAULT_SIZE, DEFAULT_MAX_PAGES, 1);
  }

  /**
   * {@code ?offset=0&limit=100}, then {@code offset=100}, ... The listing ends when the offset
   * reaches the total the answer gives at {@code totalAt} (e.g. {@code total_count}) or, when
   * {@code totalAt} is null or absent from the answer, on a page shorter than the size.
   */
  public static Paging offsetLimit(String offsetParam, String limitParam, String totalAt) {
    return new Paging(Style.OFFSET_LIMIT, required(offsetParam, "offsetParam"), required(limitParam, "limitParam"), totalAt,
        DEFAULT_SIZE, DEFAULT_MAX_PAGES, 1);
  }

  /** {@code ?page=1&per_page=100}, then {@code page=2}, ... until a page shorter than the size (or empty). */
  public static Paging page(String pageParam, String sizeParam) {
    return new Paging(Style.PAGE, required(pageParam, "pageParam"), required(sizeParam, "sizeParam"), null,
        DEFAULT_SIZE, DEFAULT_MAX_PAGES, 1);
  }

  /**
   * The first request with {@code ?<sizeParam>=100} (no size sent when {@code sizeParam} is null),
   * then each answer's {@code Link: <url>; rel="next"} as it is, until an answer has none. The
   * next URL must be on the backend's scheme, host and port ({@link HttpJsonClient#exchange}).
   */
  public static Paging link(String sizeParam) {
    return new Paging(Style.LINK, null, sizeParam, null, DEFAULT_SIZE, DEFAULT_MAX_PAGES, 1);
  }

  /**
   * The first request with no cursor, then {@code ?<cursorParam>=<cursor>} with the cursor the
   * last answer gave at {@code nextCursorAt} (e.g. {@code /meta/next_cursor}), until it is absent,
   * null or empty; the size goes in {@code sizeParam} (none when null).
   */
  public static Paging cursor(String cursorParam, String nextCursorAt, String sizeParam) {
    return new Paging(Style.CURSOR, required(cursorParam, "cursorParam"), sizeParam, required(nextCursorAt, "nextCursorAt"),
        DEFAULT_SIZE, DEFAULT_MAX_PAGES, 1);
  }

  /** This paging with {@code size} records a page (sent in the size parameter); 100 by default. */
  public Paging size(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("A page size is at least 1, not " + size);
    }
    return new Paging(style, positionParam, sizeParam, answerAt, size, maxPages, firstPage);
  }

  /** This paging stopping with an error after {@code maxPages} pages; 1000 by default. */
  public Paging maxPages(int maxPages) {
    if (maxPages < 1) {
      throw new IllegalArgumentException("maxPages is at least 1, not " + maxPages);
    }
    return new Paging(style, positionParam, sizeParam, answerAt, size, maxPages, firstPage);
  }

  /** For {@link Style#PAGE}: the number of the first page, 1 by default ({@code 0} for APIs counting from 0). */
  public Paging firstPage(int firstPage) {
    return new Paging(style, positionParam, sizeParam, answerAt, size, maxPages, firstPage);
  }

  public Style style() {
    return style;
  }

  /** The offset, page or cursor parameter; null for {@link Style#NONE} and {@link Style#LINK}. */
  public String positionParam() {
    return positionParam;
  }

  /** The page size parameter; null when none is sent. */
  public String sizeParam() {
    return sizeParam;
  }

  /** Where the answer holds the total ({@link Style#OFFSET_LIMIT}) or the next cursor ({@link Style#CURSOR}); else null. */
  public String answerAt() {
    return answerAt;
  }

  public int size() {
    return size;
  }

  public int maxPages() {
    return maxPages;
  }

  public int firstPage() {
    return firstPage;
  }

  private static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Paging p && style == p.style && size == p.size && maxPages == p.maxPages && firstPage == p.firstPage
        && Objects.equals(positionParam, p.positionParam) && Objects.equals(sizeParam, p.sizeParam)
        && Objects.equals(answerAt, p.answerAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(style, positionParam, sizeParam, answerAt, size, maxPages, firstPage);
  }

  @Override
  public String toString() {
    return switch (style) {
      case NONE -> "Paging.none()";
      case OFFSET_LIMIT -> "Paging.offsetLimit(" + positionParam + ", " + sizeParam + ", " + answerAt + ")";
      case PAGE -> "Paging.page(" + positionParam + ", " + sizeParam + ")";
      case LINK -> "Paging.link(" + sizeParam + ")";
      case CURSOR -> "Paging.cursor(" + positionParam + ", " + answerAt + ", " + sizeParam + ")";
    } + ".size(" + size + ").maxPages(" + maxPages + ")";
  }
}
