-- The catalog filters codecs case-insensitively (lower(video_codec) in (...)). Without statistics
-- on that expression PostgreSQL guesses 0.5 % of rows match (h264 is three quarters of a real
-- catalog), so a filtered page sorted by views was planned as "collect every match, then sort"
-- (54 ms on the 1M-clip bench database) instead of walking the views index until the page is
-- full (5-11 ms). Expression statistics need PostgreSQL 14; older servers keep the guess.
do $$
begin
    if current_setting('server_version_num')::int >= 140000 then
        create statistics asset_codec_stats on (lower(video_codec)) from asset;
        analyze asset;
    end if;
end $$;
