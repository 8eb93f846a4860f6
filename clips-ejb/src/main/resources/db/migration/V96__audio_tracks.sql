-- The audio tracks of a source with more than one audio stream, as published: each an audio-only
-- HLS rendition under renditions/{tenant}/{asset}/a{position}/ (the video renditions of such a
-- clip carry no audio), position 0 the default. Derived like the renditions: a reprocess deletes
-- the rows, a purge deletes them with the asset.
create sequence audio_track_seq increment by 50;

create table audio_track (
    id                bigint primary key,
    asset_id          bigint        not null references asset (id) on delete cascade,
    position          integer       not null check (position >= 0),
    stream_index      integer       not null,
    language          varchar(35)   not null,
    name              varchar(100)  not null,
    playlist_key      varchar(512)  not null,
    bandwidth         bigint        not null,
    size_bytes        bigint        not null,
    segment_count     integer       not null,
    input_lufs        double precision,
    output_lufs       double precision,
    loudness_reason   varchar(200),
    unique (asset_id, position)
);
