#!/usr/bin/env ruby
# frozen_string_literal: true
# Loads each YAML source in tests/fixtures/yaml_cases.json as Debian's Jekyll 4.3.1 does
# (`Psych.safe_load` with Date and Time permitted, aliases allowed), under
# TZ=America/New_York, and writes tests/goldens/yaml.json: source -> canonical form (or
# "error: ..."). The canonical form is what tests/yaml.rs prints for hyde's values.
require 'json'
require 'psych'
require 'date'
ENV['TZ'] = 'America/New_York'

def canon(v)
  case v
  when nil then 'nil'
  when true, false then v.to_s
  when Integer then "i:#{v}"
  when Float then "f:#{v}"
  when String then "s:#{v.to_json}"
  when Array then "[#{v.map { |x| canon(x) }.join(',')}]"
  when Hash then "{#{v.map { |k, x| "#{canon(k.to_s)}=>#{canon(x)}" }.join(',')}}"
  when Time then "t:#{v.strftime('%Y-%m-%dT%H:%M:%S.%N%:z')}#{v.utc? ? ' UTC' : ''}"
  when Date then "d:#{v.strftime('%Y-%m-%d')}"
  else "?#{v.class}"
  end
end

cases = JSON.parse(File.read(File.join(__dir__, '../fixtures/yaml_cases.json')))
out = {}
cases.each do |src|
  out[src] = begin
    canon(Psych.safe_load(src, permitted_classes: [Date, Time], aliases: true))
  rescue StandardError => e
    "error: #{e.class}: #{e.message}"
  end
end
File.write(File.join(__dir__, 'yaml.json'), JSON.pretty_generate(out) + "\n")
