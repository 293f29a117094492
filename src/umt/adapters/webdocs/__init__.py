"""Reading what competitors publish: feeds (feedparser), sitemaps (lxml), pages' main text
(trafilatura) and near-duplicate signatures (datasketch's MinHash). Each library is imported
where it is used, so an API process that never crawls never loads one."""
