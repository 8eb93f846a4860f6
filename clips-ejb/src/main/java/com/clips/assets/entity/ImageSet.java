package com.clips.assets.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** The still and animated images made from a clip, by storage key. */
@Embeddable
public record ImageSet(
        @Column(name = "poster_key", length = 512) String posterKey,
        @Column(name = "poster_width") Integer posterWidth,
        @Column(name = "poster_height") Integer posterHeight,
        @Column(name = "preview_gif_key", length = 512) String previewGifKey,
        @Column(name = "preview_webp_key", length = 512) String previewWebpKey,
        @Column(name = "storyboard_key", length = 512) String storyboardKey,
        @Column(name = "storyboard_vtt_key", length = 512) String storyboardVttKey) {}
