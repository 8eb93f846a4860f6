package com.clips.playback.boundary;

import com.clips.assets.boundary.PlaybackLinks;
import com.clips.platform.ProblemException;
import com.clips.platform.ProblemType;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** oEmbed 1.0 for watch and embed URLs: a video whose html is the embed iframe. */
@Path("oembed")
@PermitAll
@Tag(name = "Playback")
public class OEmbedResource {

    private static final Pattern PAGE = Pattern.compile("/(?:watch|embed)/([^/?#]+)(?:[?#].*)?");

    @EJB
    PublicPlayback playback;

    @HeaderParam("Referer")
    String referrer;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getOEmbed", summary = "oEmbed document of a watch or embed URL (format json)")
    public JsonObject oembed(
            @QueryParam("url") String url,
            @QueryParam("maxwidth") Integer maxWidth,
            @QueryParam("maxheight") Integer maxHeight,
            @QueryParam("format") String format) {
        if (format != null && !format.equals("json")) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, "format must be json.");
        }
        var base = PlaybackLinks.base();
        if (url == null || !url.startsWith(base + "/")) {
            throw ProblemException.notFound("Clip at " + (url == null ? "no URL" : "that URL"));
        }
        var page = PAGE.matcher(url.substring(base.length()));
        if (!page.matches()) {
            throw ProblemException.notFound("Clip at that URL");
        }
        var reference = page.group(1);
        var clip = playback.watchable(playback.access(reference, PublicPlayback.Audience.VIDEO, referrer));
        var links = PlaybackLinks.of(reference);
        int width = clip.width() == null ? 1280 : clip.width();
        int height = clip.height() == null ? 720 : clip.height();
        if (maxWidth != null && maxWidth > 0 && width > maxWidth) {
            height = height * maxWidth / width;
            width = maxWidth;
        }
        if (maxHeight != null && maxHeight > 0 && height > maxHeight) {
            width = width * maxHeight / height;
            height = maxHeight;
        }
        var iframe = "<iframe src=\"" + PlayerPage.escape(links.embedUrl()) + "\" width=\"" + width + "\" height=\""
                + height + "\" frameborder=\"0\" allow=\"autoplay; fullscreen; picture-in-picture\" allowfullscreen"
                + " title=\"" + PlayerPage.escape(clip.title()) + "\"></iframe>";
        return Json.createObjectBuilder()
                .add("version", "1.0")
                .add("type", "video")
                .add("provider_name", "Clips")
                .add("provider_url", base + "/")
                .add("title", clip.title())
                .add("width", width)
                .add("height", height)
                .add("html", iframe)
                .add("thumbnail_url", links.posterUrl())
                .add("thumbnail_width", width)
                .add("thumbnail_height", height)
                .build();
    }
}
