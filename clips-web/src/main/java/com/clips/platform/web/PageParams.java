package com.clips.platform.web;

import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The page of a page-numbered listing, declared once (a {@code @BeanParam}), so every listing
 * documents and reads it alike: {@code page} from 1, {@code pageSize} 1 to 100 (default 20), and
 * no deeper than {@link Paging#MAX_OFFSET} rows (listings that go deeper have a cursor).
 */
public class PageParams {

    public static final int DEFAULT_PAGE_SIZE = 20;

    @QueryParam("page")
    @Parameter(
            description = "Page number, from 1 (page × pageSize at most 10,000 rows deep)",
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "1", defaultValue = "1"))
    String page;

    @QueryParam("pageSize")
    @Parameter(
            schema =
                    @Schema(
                            type = SchemaType.INTEGER,
                            format = "int32",
                            minimum = "1",
                            maximum = "100",
                            defaultValue = "20"))
    String pageSize;

    /** The page number, from 1; 400 invalid-filter for anything else or a page past the deepest. */
    public int page() {
        int p = Paging.bounded("page", page, 1, Paging.MAX_OFFSET, 1);
        if ((long) (p - 1) * size() >= Paging.MAX_OFFSET) {
            throw new ProblemException(
                    ProblemType.INVALID_FILTER, "page × pageSize may not pass " + Paging.MAX_OFFSET + " rows.");
        }
        return p;
    }

    public int size() {
        return Paging.bounded("pageSize", pageSize, 1, Paging.MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
    }

    /** Rows before this page. */
    public int offset() {
        return (page() - 1) * size();
    }
}
