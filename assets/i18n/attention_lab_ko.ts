<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../desktop_app/about.py" line="58"/>
        <source>About Attention Lab</source>
        <translation>어텐션 랩 정보</translation>
    </message>
    <message>
        <location filename="../../desktop_app/about.py" line="61"/>
        <source>A desktop lab for seeing inside sequence models.</source>
        <translation>시퀀스 모델의 속을 들여다보는 데스크톱 실습 도구입니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/about.py" line="62"/>
        <source>Licences</source>
        <translation>라이선스</translation>
    </message>
</context>
<context>
    <name>ExportButton</name>
    <message>
        <location filename="../../desktop_app/widgets/export.py" line="290"/>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop_app/widgets/export.py" line="291"/>
        <source>Save this view as an image (PNG, SVG) or its numbers (CSV, JSON)</source>
        <translation>이 보기를 이미지(PNG, SVG)나 숫자(CSV, JSON)로 저장합니다</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <location filename="../../desktop_app/widgets/export.py" line="202"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/widgets/export.py" line="203"/>
        <source>SVG vector image (*.svg)</source>
        <translation>SVG 벡터 이미지 (*.svg)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/widgets/export.py" line="204"/>
        <source>CSV table (*.csv)</source>
        <translation>CSV 표 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/widgets/export.py" line="205"/>
        <source>JSON with metadata (*.json)</source>
        <translation>메타데이터를 포함한 JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/widgets/export.py" line="208"/>
        <source>Export</source>
        <translation>내보내기</translation>
    </message>
    <message>
        <location filename="../../desktop_app/widgets/export.py" line="218"/>
        <source>Nothing to export in this view.</source>
        <translation>이 보기에는 내보낼 내용이 없습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/widgets/export.py" line="238"/>
        <source>Exporting to {path}…</source>
        <translation>{path}(으)로 내보내는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/widgets/export.py" line="248"/>
        <source>Exported {path}</source>
        <translation>내보내기 완료: {path}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/widgets/export.py" line="251"/>
        <source>Could not write {path}:
{error}</source>
        <translation>{path} 파일을 쓸 수 없습니다:
{error}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/widgets/export.py" line="253"/>
        <source>Export failed</source>
        <translation>내보내기 실패</translation>
    </message>
</context>
<context>
    <name>Labs</name>
    <message>
        <location filename="../../desktop_app/labs/__init__.py" line="35"/>
        <source>Positional Encoding</source>
        <translation>위치 인코딩</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop_app/main_window.py" line="65"/>
        <source>The settings file could not be read; started with defaults (a copy was kept as .bak).</source>
        <translation>설정 파일을 읽을 수 없어 기본값으로 시작했습니다(원래 파일은 .bak으로 보관했습니다).</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="114"/>
        <source>Attention Lab</source>
        <translation>어텐션 랩</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="115"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="116"/>
        <source>&amp;Export current view</source>
        <translation>현재 보기 내보내기(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="117"/>
        <source>PNG image…</source>
        <translation>PNG 이미지…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="118"/>
        <source>SVG vector image…</source>
        <translation>SVG 벡터 이미지…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="119"/>
        <source>CSV numbers…</source>
        <translation>숫자를 CSV로…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="120"/>
        <source>JSON numbers and settings…</source>
        <translation>숫자와 설정을 JSON으로…</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="121"/>
        <source>&amp;Quit</source>
        <translation>종료(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="122"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="123"/>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="124"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="125"/>
        <source>&amp;About Attention Lab</source>
        <translation>어텐션 랩 정보(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="126"/>
        <source>Labs. Ctrl+1 to Ctrl+9 switch between them.</source>
        <translation>실습 목록입니다. Ctrl+1 ~ Ctrl+9로 실습을 바꿉니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="130"/>
        <source>{title} (Ctrl+{number})</source>
        <translation>{title} (Ctrl+{number})</translation>
    </message>
    <message>
        <location filename="../../desktop_app/main_window.py" line="133"/>
        <source>Choose a lab on the left.</source>
        <translation>왼쪽에서 실습을 고르세요.</translation>
    </message>
</context>
<context>
    <name>PositionalLab</name>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="203"/>
        <source>The model dimension d must be between {lo} and {hi}; {d} was refused.</source>
        <translation>모델 차원 d는 {lo}에서 {hi} 사이여야 합니다. {d}은(는) 쓸 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="206"/>
        <source>The model dimension d must be even, because each sin/cos pair uses two dimensions; {d} is odd.</source>
        <translation>모델 차원 d는 짝수여야 합니다. sin/cos 한 쌍이 차원 두 개를 쓰기 때문입니다. {d}은(는) 홀수입니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="212"/>
        <source>The number of positions must be between 1 and {hi}; {n} was refused.</source>
        <translation>위치 개수는 1에서 {hi} 사이여야 합니다. {n}은(는) 쓸 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="223"/>
        <source>Positional Encoding</source>
        <translation>위치 인코딩</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="225"/>
        <source>Attention itself has no sense of order, so each position gets a vector of sines and cosines added to its token. Change the dimension and the number of positions, hover over a cell to see the formula with its numbers, click a column to see its wave.</source>
        <translation>어텐션 자체는 순서를 알지 못하므로, 위치마다 사인과 코사인으로 된 벡터를 만들어 토큰에 더합니다. 차원과 위치 개수를 바꿔 보고, 칸에 마우스를 올려 숫자가 채워진 공식을 보고, 열을 클릭해 그 차원의 파동을 보세요.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="228"/>
        <source>Model dimension d</source>
        <translation>모델 차원 d</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="229"/>
        <source>Positions</source>
        <translation>위치 개수</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="230"/>
        <source>Pair i</source>
        <translation>쌍 i</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="231"/>
        <source>Colour map</source>
        <translation>색상표</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="233"/>
        <source>d: length of each position&apos;s vector (even, {lo} to {hi}). Dimensions 2i and 2i+1 form a sin/cos pair with the same wavelength.</source>
        <translation>d: 각 위치 벡터의 길이(짝수, {lo}~{hi}). 차원 2i와 2i+1은 파장이 같은 sin/cos 쌍입니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="236"/>
        <source>How many positions (0 to N-1) to encode, 1 to {hi}.</source>
        <translation>인코딩할 위치의 개수(위치 0부터 N-1까지), 1~{hi}.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="238"/>
        <source>Which sin/cos pair to draw as waves: dimension 2i (sin) and 2i+1 (cos). Clicking a column of the heatmap chooses it too.</source>
        <translation>파동으로 그릴 sin/cos 쌍: 차원 2i(sin)와 2i+1(cos). 히트맵의 열을 클릭해도 고를 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="240"/>
        <source>Colours of the encoding heatmap. &apos;diverging&apos; shows the sign: negative blue, positive red. Right-click a colour bar for more.</source>
        <translation>인코딩 히트맵의 색입니다. &apos;diverging&apos;은 부호를 보여 줍니다: 음수는 파랑, 양수는 빨강. 색상 막대를 오른쪽 클릭하면 다른 색상표도 고를 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="242"/>
        <source>Waves of one sin/cos pair</source>
        <translation>sin/cos 한 쌍의 파동</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="243"/>
        <source>Encoding: positions × dimensions</source>
        <translation>인코딩: 위치 × 차원</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="244"/>
        <source>Similarity between positions (dot product)</source>
        <translation>위치 사이의 유사도 (내적)</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="245"/>
        <source>Row = position, column = dimension. Hover: the formula with numbers. Click: show that dimension&apos;s wave.</source>
        <translation>행은 위치, 열은 차원입니다. 마우스를 올리면 숫자가 채워진 공식을, 클릭하면 그 차원의 파동을 보여 줍니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="247"/>
        <source>PE(p) · PE(q) for every pair of positions: near positions are more alike than far ones.</source>
        <translation>모든 위치 쌍의 PE(p) · PE(q): 가까운 위치끼리가 먼 위치끼리보다 더 닮았습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="249"/>
        <source>Each dimension is a wave over positions; low pairs oscillate fast, high pairs slowly.</source>
        <translation>각 차원은 위치를 따라 변하는 파동입니다. 앞쪽 쌍은 빠르게, 뒤쪽 쌍은 느리게 진동합니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="252"/>
        <location filename="../../desktop_app/labs/positional/lab.py" line="254"/>
        <source>position</source>
        <translation>위치</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="252"/>
        <source>dimension</source>
        <translation>차원</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="253"/>
        <source>position p</source>
        <translation>위치 p</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="253"/>
        <source>position q</source>
        <translation>위치 q</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="255"/>
        <source>value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="257"/>
        <location filename="../../desktop_app/labs/positional/lab.py" line="395"/>
        <source>position {pos}, dimension {dim}: {value}</source>
        <translation>위치 {pos}, 차원 {dim}: {value}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="259"/>
        <location filename="../../desktop_app/labs/positional/lab.py" line="411"/>
        <source>PE({p}) · PE({q}) = {value}</source>
        <translation>PE({p}) · PE({q}) = {value}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="282"/>
        <source>Pair i = {i} (dimensions {sin_dim} and {cos_dim}): wavelength = 2π·10000^({two_i}/{d}) = {wavelength} positions</source>
        <translation>쌍 i = {i} (차원 {sin_dim}, {cos_dim}): 파장 = 2π·10000^({two_i}/{d}) = {wavelength} 위치</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="286"/>
        <source>dim {dim}: sin</source>
        <translation>차원 {dim}: sin</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="286"/>
        <source>dim {dim}: cos</source>
        <translation>차원 {dim}: cos</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="292"/>
        <source>Hover over the encoding heatmap to fill in the numbers; hover over the similarity to read a dot product.</source>
        <translation>인코딩 히트맵에 마우스를 올리면 공식에 숫자가 채워지고, 유사도 히트맵에 올리면 내적 값을 읽을 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="308"/>
        <source>i = {i}, so dimension {dim} uses {function} with wavelength {wavelength} positions.</source>
        <translation>i = {i}이므로 차원 {dim}은(는) 파장이 {wavelength} 위치인 {function}을(를) 씁니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="315"/>
        <source>It depends only on the distance |p − q| = {distance}; the largest value, d/2 = {half}, is on the diagonal.</source>
        <translation>이 값은 거리 |p − q| = {distance}에만 달려 있습니다. 가장 큰 값 d/2 = {half}는 대각선에 있습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="273"/>
        <source>PE: {n} positions × {d} dimensions</source>
        <translation>PE: 위치 {n}개 × 차원 {d}개</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="274"/>
        <source>PE · PEᵀ: {n} × {n}</source>
        <translation>PE · PEᵀ: {n} × {n}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="372"/>
        <source>Could not compute the encoding: {error}</source>
        <translation>인코딩을 계산할 수 없습니다: {error}</translation>
    </message>
    <message>
        <location filename="../../desktop_app/labs/positional/lab.py" line="404"/>
        <source>Showing the waves of dimension {dim} (pair i = {i}).</source>
        <translation>차원 {dim}의 파동을 보여 줍니다 (쌍 i = {i}).</translation>
    </message>
</context>
</TS>
