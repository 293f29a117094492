"""Meta Ads: ad accounts through Facebook Login and the Marketing API."""

from umt.adapters.platforms.meta_ads.connector import MetaAdAccount, MetaAdsConnector

__all__ = ["MetaAdAccount", "MetaAdsConnector"]
