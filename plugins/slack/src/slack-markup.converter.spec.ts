import { htmlToSlackMarkup } from './slack-markup.converter';

describe('htmlToSlackMarkup (Quay rules)', () => {
  it.each([
    ['<a href="https://x/y?a=1&amp;b=2">the label</a>', '<https://x/y?a=1&b=2|the label>'],
    ['<b>bold</b> <strong>strong</strong> <i>it</i>', '*bold* *strong* _it_'],
    ['one<br>two<br/>three', 'one\ntwo\nthree'],
    ['a\n  b   c', 'a b c'],
    ['<img src="x.png"><span class="c">kept</span>', 'kept'],
    ['Tom &amp; Jerry &lt;3 &#39;x&#39; &quot;y&quot;', 'Tom &amp; Jerry &lt;3 \'x\' "y"'],
    ["<a href='single'>s</a> <a href=bare>b</a>", '<single|s> <bare|b>'],
    ['plain', 'plain'],
  ])('%p -> %p', (html, markup) => {
    expect(htmlToSlackMarkup(html)).toBe(markup);
  });
});
