package com.clips.assets.control;

import com.clips.assets.entity.Rendition;
import com.clips.media.control.HlsEncoder;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Writes the master playlist over an asset's renditions (lowest first), with m3u8-parser. */
public final class MasterPlaylist {

    private MasterPlaylist() {}

    public static String of(List<Rendition> renditions) {
        var master = io.lindstrom.m3u8.model.MasterPlaylist.builder().version(7).independentSegments(true);
        renditions.stream().sorted(Comparator.comparingInt(Rendition::label)).forEach(r -> {
            var variant = Variant.builder()
                    .bandwidth(r.bandwidth())
                    .averageBandwidth(r.averageBandwidth())
                    .resolution(r.width(), r.height())
                    .codecs(Arrays.asList(r.codecs().split(",")))
                    .uri(r.name() + "/" + HlsEncoder.PLAYLIST);
            if (r.frameRate() != null) {
                variant.frameRate(r.frameRate().doubleValue());
            }
            master.addVariants(variant.build());
        });
        return new MasterPlaylistParser().writePlaylistAsString(master.build());
    }
}
