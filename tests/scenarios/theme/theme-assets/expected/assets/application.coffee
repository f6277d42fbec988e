From your site.
