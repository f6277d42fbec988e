#!/usr/bin/env ruby
# frozen_string_literal: true
# Records Ruby Liquid 5.4's error messages (Jekyll's settings: warn mode, render!, line
# numbers) for broken templates, into liquid_errors.json: template -> message.
require 'json'
require 'liquid'

TEMPLATES = [
  "line one\n{% iff x %}",
  "{% if x %}\nno end",
  "a\nb\n{{ x | divided_by: 0 }}",
  "{% for x in y %}{% endif %}",
  "{% endif %}",
  "{% else %}",
  "{{ 'x' | append }}",
  "{{ x ",
  "{% assign %}",
  "{% for %}{% endfor %}",
  "{% cycle %}",
  "{% case %}{% endcase %}",
  "{% if 1 =! 2 %}x{% endif %}",
  "{% raw %}never closed",
  "{% comment %}never closed",
  "{% capture %}x{% endcapture %}",
  "x\n\n{% unless a %}{% else %}{% else %}{% endunless %}{% tablerow %}",
  "{% if '2' > 1 %}x{% endif %}",
  "{% include 'x' %}",
  "{% render x %}",
  "{{ (1..x) | join }}{% for i in (1..3) limit: 'a' %}{% endfor %}",
].freeze

Liquid::Template.error_mode = :warn
out = {}
TEMPLATES.each do |src|
  begin
    Liquid::Template.parse(src, line_numbers: true).render!({}, strict_variables: false)
    out[src] = nil
  rescue StandardError => e
    out[src] = e.message
  end
end
File.write(File.join(__dir__, 'liquid_errors.json'), JSON.pretty_generate(out) + "\n")
