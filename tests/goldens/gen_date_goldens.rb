# Generates tests/goldens/dates.json from the Ruby installed here (Ruby 3.1, date 3.2).
# Every expectation in tests/dates.rs comes from this script; never edit the JSON by hand.
#
#   ruby tests/goldens/gen_date_goldens.rb > tests/goldens/dates.json
#
# Parsing cases run in child processes with TZ set, because Ruby reads TZ for local time.
require 'date'
require 'time'
require 'json'

# --- values formatted by strftime -------------------------------------------------------
def time_value(t)
  { 'kind' => 'time', 'secs' => t.to_i, 'nanos' => t.nsec, 'offset' => t.utc_offset,
    'utc' => t.utc?, 'show' => t.inspect }
end

def date_value(d)
  { 'kind' => 'date', 'secs' => d.to_time.utc.to_i + d.to_time.utc_offset, 'nanos' => 0,
    'offset' => 0, 'utc' => false, 'show' => d.to_s }
end

VALUES = {
  't1' => Time.new(2024, 3, 5, 10, 7, 9.123456789r, '+01:00'),
  't2' => Time.utc(2024, 3, 5, 22, 7, 9),
  't3' => Time.new(1999, 12, 31, 23, 59, 59.5r, '-00:30'),
  't4' => Time.new(-5, 1, 2, 3, 4, 5, '+05:30'),
  't5' => Time.new(2021, 1, 3, 0, 0, 0, '-08:00'),
  't6' => Time.new(12, 7, 4, 12, 30, 0, '+00:00'),
  't7' => Time.new(2024, 12, 30, 15, 0, 0, '+05:45:30'),
  't8' => Time.new(12345, 6, 7, 8, 9, 10, '-11:00'),
  't9' => Time.utc(1970, 1, 1, 0, 0, 5),
  't10' => Time.utc(1969, 12, 31, 23, 59, 58, 250000),
  't11' => Time.new(2026, 11, 1, 1, 2, 3, '-10:00:05'),
  'd1' => Date.new(2024, 3, 5),
  'd2' => Date.new(2021, 1, 3),
  'd3' => Date.new(1999, 12, 31),
  'd4' => Date.new(2024, 12, 30),
  'd5' => Date.new(2027, 1, 1),
  'd6' => Date.new(1970, 1, 1),
}.freeze

CONVERSIONS = %w[Y C y m B b h d e j H k I l P p M S L N z Z A a u w G g V U W s Q n t %
                 c D F x X r R T v +].freeze
FLAGS = ['', '-', '_', '0', '^', '#', '-0', '_0'].freeze
WIDTHS = ['', '1', '10'].freeze

def formats
  list = []
  CONVERSIONS.each do |c|
    FLAGS.each { |f| WIDTHS.each { |w| list << "%#{f}#{w}#{c}" } }
  end
  %w[z Y d].each do |c|
    ['', ':', '::', ':::', '::::', ':::::'].each do |colons|
      ['', '-', '_', '0'].each { |f| ['', '7', '12'].each { |w| list << "%#{f}#{w}#{colons}#{c}" } }
    end
  end
  %w[c C x X y Y d e H k I l m M S u U V w W y z a].each { |c| list << "%E#{c}" << "%O#{c}" }
  list.concat(['%3N', '%9N', '%12N', '%0N', '%-3N', '%1L', '%6L', '%5^a', '%5-d', '%5_d',
               '%q', '%5q', '%-q', '%J', '%:%a', '%E%x', '%5E', '%-E', '%^', '%',
               'a%', '%E%', '%:%', '%-', '%10', '%::::', '%E', '%:', '%O', 'x%%y',
               '%Y-%m-%dT%H:%M:%S%:z', '%a, %d %b %Y %H:%M:%S %z', '%B %-d, %Y',
               '%-m/%-d/%y %l:%M %P', 'week %U/%W/%V of %G', 'héllo %A ✓', '%%%%', '%%%',
               "%\u00e9", '%99999999999d', '%0000000005d'])
  list
end

def fuzz_formats(n)
  rng = Random.new(20_240_305)
  pieces = %w[- _ 0 ^ # : E O 1 2 5 10 %] + ('A'..'Z').to_a + ('a'..'z').to_a + [' ', '+', '.']
  Array.new(n) do
    s = +''
    rng.rand(1..4).times do
      s << '%' if rng.rand < 0.8
      rng.rand(0..3).times { s << pieces[rng.rand(pieces.size)] }
    end
    s
  end
end

def strftime_cases(fmts)
  fmts.uniq.map do |f|
    out = VALUES.values.map do |v|
      v.strftime(f)
    rescue StandardError => e
      { 'error' => "#{e.class}: #{e.message}" }
    end
    { 'format' => f, 'out' => out }
  end
end

# --- strings converted by Liquid's `date` filter ------------------------------------------
# "Now" is pinned: 2024-03-05 22:30:00 UTC, a different calendar day in some zones.
NOW_SECS = 1_709_677_800
ZONES = %w[UTC America/New_York Asia/Kolkata Australia/Lord_Howe].freeze

PARSE_CASES = [
  # ISO 8601 and its relatives
  '2024-03-05', '2024-03-05T10:20:30Z', '2024-03-05T10:20:30z', '2024-03-05 10:20:30 +0100',
  '2024-03-05T10:20:30.123456789+05:30', '2024-03-05T10:20:30.123-05:00', '2024-03-05 10:20:30 -00:00',
  '2024-03-05 10:20:30 +00:00', '2024-03-05 10:20:30 GMT', '2024-03-05 10:20:30 UTC',
  '2024-03-05 10:20:30 +01:00:30', '2024-03-05 10:20:30 +010030', '2024-03-05 10:20:30 +01',
  '2024-03-05 10:20:30 +1', '2024-03-05 10:20:30 gmt+1', '2024-03-05 10:00:00,25',
  '2024-03-05 10:00:00.', '2024-3-5', '2024-003-005', '-2024-03-05', '0024-03-05', '24-03-05',
  '2024-065', '24-065', '2024-366', '2023-366', '2024-000', '20240305', '20240305T102030',
  '20240305T102030Z', '20240305T1020+0900', '20240305T1020[-5:EST]', '240305', '1030', '2024',
  '12345', '2024-W10-2', '--03-05',
  # Words
  'March 5, 2024', '5 March 2024', 'Mar 5 2024 10:00', 'mar 5 at 3pm', '3pm mar 5', 'March 2024',
  'Aug 31', '5th March', 'March 5th, 2024', 'the 5th', 'Tuesday', 'Tuesday, March 5, 2024 at 10:00 AM',
  'Tue, 05 Mar 2024 10:00:00 +0000', 'Tue, 05 Mar 2024 10:00:00 GMT', 'Tue Mar  5 10:00:00 EST 2024',
  'Tue Mar  5 10:00:00 PDT 2024', '5-Mar-2024', 'Mar-5-2024', '5/Mar/2024', "5 Mar '24",
  '5 Mar 24 bc', 'Mar 5 2024 b.c.', 'H31.04.30', 'hello', 'march', '1 jan 1970',
  'Jan 1 00:00:00 UTC 1970', 'Dec 31 1999 23:59:59 -1200', 'Feb 29 2023', 'Feb 30 2024', 'Feb 32 2024',
  'Apr 31 2024', 'Jan 1 1800 12:00',
  # Slashes and dots
  '2024/03/05', '03/05/2024', '03/05/24', '3/5', '3/2024', '2024/3', '05.03.2024', '2024.03.05',
  '12.30', '12.30.45',
  # Times on their own (today's date, in the local zone or the given offset)
  '10:00', '10:20:30.5', '10am', '10 pm', '12:00 am', '12:00 pm', '0:30 am', '13 pm', '10h20m30s',
  '10 hours', '10:00 a', '10:00 z', '10:00 +0900', '10:00 -1100', '23:30 -1100', '10:00 est',
  '10:00 eastern standard time', '24:00', '24:00:01', '25:00', '25:00 +0100', '23:59:60',
  '10:60', '10:00:61', '10:00 5', '10:00 +99',
  # Ruby's field-by-field offset arithmetic, quirks included
  '2024-03-05 10:00:99 -01:00:30', '2024-03-05 10:99:00 -01:30', '2024-03-05 99:00:00 -01:30',
  '2024-03-05 10:00:60 +01:00:30', '2024-03-01 03:00 +0400', '2024-02-30 23:30 -0100',
  '2024-00-31 23:00 -0100', '2024-03-31 23:30 -0100', '2024-12-31 23:30 -0100',
  '2024-01-01 00:30 +0100', '2024-03-01 00:30 +0100',
  # DST edges (New York and Lord Howe)
  '2024-03-10 02:30', '2024-11-03 01:30', '2024-07-04 12:00', '2024-10-06 02:15', '2024-04-07 01:45',
  # Liquid's own cases: now/today, Unix seconds, blanks
  'now', 'NOW', 'today', '0', '1709677800', '00042', '-5', '1e5', '', ' ', ' 2024-03-05 ',
  'x' * 129, "2024-03-05\n10:00", '２０２４-03-05', '5. März 2024',
].freeze

# Random date-like strings (PARSE_FUZZ=n) for checking the parser more widely by hand.
def parse_fuzz(n)
  rng = Random.new(Integer(ENV.fetch('PARSE_SEED', '5032024')))
  tokens = %w[2024 24 03 3 5 05 12 30 31 00 10 20 065 366 1030 20240305 240305 102030 123456
              7 99 0024 -2024 Mar March mar Tue tuesday sept Dec may jun - / . : , ' + T t Z z
              am pm a.m. p.m. bc b.c. ad utc gmt est EDT cest h m s w W th st nd rd [ ] -- x
              standard daylight time dst +0100 -05:00 +09 -0000 10:20 10:20:30.123 1:2:3 2024-03-05
              2024-03-05T 05/03 2024/03 at of Sunday sat fri Jan Feb Sep Oct Nov 1st 2nd 3rd 22nd
              e.m. é 日 _ ; ( ) ! @ 0 1 9 h12 12h 1h2m3s 99:99 23:59:60 24:00 ] + [' ', ' ', ' ', '']
  Array.new(n) { Array.new(rng.rand(1..7)) { tokens[rng.rand(tokens.size)] }.join }
end
PARSE_ALL = (PARSE_CASES + parse_fuzz(Integer(ENV.fetch('PARSE_FUZZ', '0')))).uniq.freeze

def time_row(t)
  return nil if t.nil?
  { 'secs' => t.to_i, 'nanos' => t.nsec, 'offset' => t.utc_offset, 'utc' => t.utc?, 'show' => t.inspect }
end

# Runs in a child whose TZ is set before Ruby starts, as Jekyll's TZ would be.
def parse_child
  require 'liquid'
  Time.define_singleton_method(:now) { Time.at(NOW_SECS) }
  # Liquid rescues ArgumentError only; anything else would surface as a Liquid error.
  attempt = lambda do |&blk|
    time_row(blk.call)
  rescue ArgumentError
    nil
  rescue StandardError => e
    { 'error' => e.class.name }
  end
  rows = PARSE_ALL.map do |s|
    [attempt.call { Liquid::Utils.to_date(s) }, attempt.call { Time.parse(s) }]
  end
  puts JSON.generate(rows)
end

if ARGV == ['--parse-child']
  parse_child
  exit
end

def parse_cases
  by_zone = ZONES.to_h do |tz|
    out = IO.popen({ 'TZ' => tz }, [RbConfig.ruby, __FILE__, '--parse-child'], &:read)
    raise "child for #{tz} failed" unless $?.success?
    [tz, JSON.parse(out)]
  end
  PARSE_ALL.each_with_index.map do |s, i|
    { 'input' => s,
      'liquid' => ZONES.to_h { |tz| [tz, by_zone[tz][i][0]] },
      'parse' => ZONES.to_h { |tz| [tz, by_zone[tz][i][1]] } }
  end
end

# One case per line keeps the file reviewable and its diffs small.
def emit(key, rows, last: false)
  puts "  #{JSON.generate(key)}: ["
  puts rows.map { |r| "    #{JSON.generate(r)}" }.join(",\n")
  puts(last ? '  ]' : '  ],')
end

puts '{'
puts "  \"ruby\": #{JSON.generate(RUBY_DESCRIPTION)},"
emit('values', VALUES.map { |k, v| { 'name' => k }.merge(v.is_a?(Time) ? time_value(v) : date_value(v)) })
emit('strftime', strftime_cases(formats + fuzz_formats(Integer(ENV.fetch('FUZZ', '300')))))
puts "  \"now\": #{NOW_SECS},"
emit('parse', parse_cases, last: true)
puts '}'
