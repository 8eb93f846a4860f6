-- Issue 5: the whole ladder is one ffmpeg process, so "renditions done" stays 0 of n until its
-- very end; the run records how far the encode is (ffmpeg's progress against the clip's length).
alter table processing_run add column encode_percent smallint;
