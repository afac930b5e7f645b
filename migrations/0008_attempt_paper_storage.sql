-- An attempt's paper (a few KiB of JSON, written once at the start) is stored out of line without
-- compression: compressing it cost more CPU at the synchronised exam start than the bytes it saved.
ALTER TABLE attempts ALTER COLUMN paper SET STORAGE EXTERNAL;
