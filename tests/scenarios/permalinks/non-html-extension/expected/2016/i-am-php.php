<p>I am PHP</p>
