package com.clips.playback.boundary;

import com.clips.assets.boundary.PlaybackLinks;
import com.clips.platform.ProblemException;
import com.clips.platform.web.Problem;
import jakarta.ejb.EJB;
import jakarta.json.Json;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The player page: {@code /watch/{ref}} (a page of its own, with OpenGraph and twitter:player tags
 * and an oEmbed link) and {@code /embed/{ref}} (the bare player, for an iframe on any site), where
 * {@code ref} is a playback ID or a playback token. hls.js and the player script come from the WAR
 * itself; the Content-Security-Policy allows this origin's scripts and styles, media and images
 * from here and from storage, hls.js's worker, and nothing else.
 */
@WebServlet(urlPatterns = {"/watch/*", "/embed/*"})
public class PlayerPage extends HttpServlet {

    @EJB
    PublicPlayback playback;

    @jakarta.inject.Inject
    @ConfigProperty(name = "clips.playback.frame-ancestors", defaultValue = "*")
    String frameAncestors;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean embed = request.getServletPath().equals("/embed");
        var path = request.getPathInfo();
        var reference = path == null || path.length() < 2 ? null : path.substring(1);
        Playback.Watchable clip;
        List<String> embedOrigins;
        try {
            if (reference != null && reference.contains("/")) {
                throw ProblemException.notFound("Page");
            }
            var access = playback.access(reference, PublicPlayback.Audience.VIDEO, request.getHeader("Referer"));
            clip = playback.watchable(access);
            embedOrigins = embed ? playback.embedOrigins(access) : List.of();
        } catch (ProblemException e) {
            problem(response, e, request.getRequestURI());
            return;
        }
        var links = PlaybackLinks.of(reference);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Security-Policy", policy(embed, embedOrigins));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
        response.setHeader("Cache-Control", "private, no-store");
        if (!embed) {
            response.setHeader("X-Frame-Options", "SAMEORIGIN");
        }
        response.getWriter().write(html(clip, links, embed, request.getContextPath(), configJson(clip, links)));
    }

    /** The embed page may be framed by the tenant's embed origins, or else by the platform's default. */
    private String policy(boolean embed, List<String> embedOrigins) {
        var media = playback.mediaOrigin();
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: " + media
                + "; media-src 'self' blob: " + media + "; connect-src 'self' " + apiOrigin() + " " + media
                + "; worker-src blob:; base-uri 'none'; form-action 'none'; frame-ancestors "
                + (!embed ? "'self'" : embedOrigins.isEmpty() ? frameAncestors : String.join(" ", embedOrigins));
    }

    /**
     * Where the playlists and the beacons go ({@code clips.public-base-url}): the page's own origin
     * unless viewers reach the page at another address than the one its links name.
     */
    private static String apiOrigin() {
        var base = java.net.URI.create(PlaybackLinks.base());
        return base.getScheme() + "://" + base.getRawAuthority();
    }

    /** What player.js reads from the page. */
    static String configJson(Playback.Watchable clip, PlaybackLinks links) {
        var config = Json.createObjectBuilder()
                .add("playbackUrl", links.playbackUrl())
                .add("mp4Url", links.mp4Url());
        if (clip.poster()) {
            config.add("posterUrl", links.posterUrl());
        }
        if (clip.storyboard()) {
            config.add("storyboardVttUrl", links.storyboardVttUrl());
        }
        if (clip.chapters()) {
            config.add("chaptersVttUrl", links.chaptersVttUrl());
        }
        if (clip.encrypted()) {
            // by the playback ID: the licence takes its own token (audience d), the page's drmToken
            config.add(
                    "licenceUrl",
                    links.playbackUrl().replaceFirst("[^/]+/master\\.m3u8$", clip.playbackId() + "/license/clearkey"));
        }
        return config.add("beaconUrl", links.playbackUrl().replaceFirst("master\\.m3u8$", "beacons"))
                .add("title", clip.title())
                .add("durationSeconds", clip.durationSeconds())
                .build()
                .toString();
    }

    static String html(Playback.Watchable clip, PlaybackLinks links, boolean embed, String context, String configJson) {
        var title = escape(clip.title());
        int width = clip.width() == null ? 1280 : clip.width();
        int height = clip.height() == null ? 720 : clip.height();
        var config = configJson.replace("<", "\\u003c"); // nothing in it can close the script element
        var page = new StringBuilder("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                // no icon: without this link a browser asks for /favicon.ico, which is a 404
                .append("<link rel=\"icon\" href=\"data:,\">\n")
                .append("<title>")
                .append(title)
                .append("</title>\n");
        if (!embed) {
            meta(page, "property", "og:type", "video.other");
            meta(page, "property", "og:title", clip.title());
            meta(page, "property", "og:url", links.watchUrl());
            if (clip.poster()) {
                meta(page, "property", "og:image", links.posterUrl());
            }
            meta(page, "property", "og:video", links.mp4Url());
            meta(page, "property", "og:video:secure_url", links.mp4Url());
            meta(page, "property", "og:video:type", "video/mp4");
            meta(page, "property", "og:video:width", String.valueOf(width));
            meta(page, "property", "og:video:height", String.valueOf(height));
            meta(page, "name", "twitter:card", "player");
            meta(page, "name", "twitter:title", clip.title());
            if (clip.poster()) {
                meta(page, "name", "twitter:image", links.posterUrl());
            }
            meta(page, "name", "twitter:player", links.embedUrl());
            meta(page, "name", "twitter:player:width", String.valueOf(width));
            meta(page, "name", "twitter:player:height", String.valueOf(height));
            page.append("<link rel=\"alternate\" type=\"application/json+oembed\" href=\"")
                    .append(escape(links.oembedUrl()))
                    .append("\" title=\"")
                    .append(title)
                    .append("\">\n");
        }
        page.append("<link rel=\"stylesheet\" href=\"")
                .append(context)
                .append("/player/player.css\">\n</head>\n<body class=\"")
                .append(embed ? "embed" : "watch")
                .append("\">\n")
                .append(embed ? "" : "<main>\n")
                .append("<div id=\"player\" class=\"player\">\n")
                .append("<video id=\"video\" playsinline preload=\"metadata\"")
                .append(clip.poster() ? " poster=\"" + escape(links.posterUrl()) + "\"" : "")
                .append("></video>\n")
                .append("<div class=\"controls\">\n")
                .append("<button id=\"play\" type=\"button\" aria-label=\"Play\">&#9654;</button>\n")
                .append("<div id=\"seek\" class=\"seek\"><div id=\"progress\" class=\"progress\"></div>")
                .append(
                        "<div id=\"thumb\" class=\"thumb\" hidden><div id=\"thumb-time\" class=\"thumb-time\"></div></div></div>\n")
                .append("<span id=\"time\" class=\"time\">0:00</span>\n")
                .append("<select id=\"quality\" aria-label=\"Quality\"></select>\n")
                .append("<select id=\"captions\" aria-label=\"Captions\" hidden></select>\n")
                .append("<select id=\"audio\" aria-label=\"Audio\" hidden></select>\n")
                .append("<button id=\"fullscreen\" type=\"button\" aria-label=\"Full screen\">&#x26F6;</button>\n")
                .append("</div>\n<div id=\"error\" class=\"error\" hidden></div>\n</div>\n")
                .append(embed ? "" : "<h1>" + title + "</h1>\n</main>\n")
                .append("<script type=\"application/json\" id=\"clip-config\">")
                .append(config)
                .append("</script>\n<script src=\"")
                .append(context)
                .append("/player/vendor/dist/hls.min.js\"></script>\n<script src=\"")
                .append(context)
                .append("/player/player.js\"></script>\n</body>\n</html>\n");
        return page.toString();
    }

    private static void meta(StringBuilder page, String attribute, String name, String content) {
        page.append("<meta ")
                .append(attribute)
                .append("=\"")
                .append(name)
                .append("\" content=\"")
                .append(escape(content))
                .append("\">\n");
    }

    static String escape(String text) {
        var out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void problem(HttpServletResponse response, ProblemException e, String uri) throws IOException {
        var problem = Problem.of(e.type(), e.detail(), uri);
        response.setStatus(e.type().status());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        try (Jsonb json = JsonbBuilder.create()) {
            response.getWriter().write(json.toJson(problem));
        } catch (Exception closing) {
            throw new IOException(closing);
        }
    }
}
