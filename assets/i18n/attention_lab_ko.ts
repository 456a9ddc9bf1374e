<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
    <context>
        <name>AboutDialog</name>
        <message>
            <location filename="../../desktop_app/about.py" line="77" />
            <source>About Attention Lab</source>
            <translation>어텐션 랩 정보</translation>
        </message>
        <message>
            <location filename="../../desktop_app/about.py" line="80" />
            <source>A desktop lab for seeing inside sequence models.</source>
            <translation>시퀀스 모델의 속을 들여다보는 데스크톱 실습 도구입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/about.py" line="81" />
            <source>Licences</source>
            <translation>라이선스</translation>
        </message>
        <message>
            <location filename="../../desktop_app/about.py" line="86" />
            <source>Bundled software</source>
            <translation>함께 들어 있는 소프트웨어</translation>
        </message>
        <message>
            <location filename="../../desktop_app/about.py" line="87" />
            <source>Component</source>
            <translation>구성 요소</translation>
        </message>
        <message>
            <location filename="../../desktop_app/about.py" line="87" />
            <source>Version</source>
            <translation>버전</translation>
        </message>
        <message>
            <location filename="../../desktop_app/about.py" line="87" />
            <source>Licence</source>
            <translation>라이선스</translation>
        </message>
    </context>
    <context>
        <name>AttentionMapsTab</name>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="140" />
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="210" />
            <source>{kind}, layer {layer}, head {head}</source>
            <translation>{kind}, {layer}층, 헤드 {head}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="148" />
            <source>Forced “{token}” at step {step}; decoding continues from it.</source>
            <translation>{step}단계에서 “{token}”을(를) 강제로 선택했습니다. 디코딩은 여기서 이어집니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="72" />
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="152" />
            <source>{row} → {col}: weight {value}</source>
            <translation>{row} → {col}: 가중치 {value}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="59" />
            <source>Press Step: the decoder's most likely next tokens appear here.</source>
            <translation>한 단계를 누르면 디코더가 가장 그럴듯하게 본 다음 토큰들이 여기에 나옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="71" />
            <source>Press Step (Space) to generate the first token</source>
            <translation>다음 단계(Space)를 눌러 첫 토큰을 생성하세요</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="207" />
            <source>Attention rollout over {n} encoder layers</source>
            <translation>인코더 {n}개 층에 걸친 어텐션 롤아웃</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="215" />
            <source>query: source token</source>
            <translation>쿼리: 원문 토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="215" />
            <source>key: source token</source>
            <translation>키: 원문 토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="216" />
            <source>query: decoder input</source>
            <translation>쿼리: 디코더 입력</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="216" />
            <source>key: decoder input</source>
            <translation>키: 디코더 입력</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="217" />
            <source>generated token</source>
            <translation>생성된 토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="217" />
            <source>source token</source>
            <translation>원문 토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="237" />
            <source>Encoder self</source>
            <translation>인코더 셀프</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="237" />
            <source>Decoder masked self</source>
            <translation>디코더 마스크드 셀프</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="237" />
            <source>Cross</source>
            <translation>크로스</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="239" />
            <source>Encoder self-attention: each source token attends to all source tokens</source>
            <translation>인코더 셀프 어텐션: 각 원문 토큰이 모든 원문 토큰을 봅니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="241" />
            <source>Decoder masked self-attention: each decoder input attends to itself and the tokens before it only: the mask hides the future, so the matrix is lower triangular</source>
            <translation>디코더 마스크드 셀프 어텐션: 각 디코더 입력은 자기 자신과 그 앞의 토큰만 봅니다. 마스크가 미래를 가리므로 행렬은 하삼각 행렬입니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="244" />
            <source>Cross-attention: each generated token looks at the source tokens; one row per step</source>
            <translation>크로스 어텐션: 생성된 각 토큰이 원문 토큰을 봅니다. 단계마다 한 행씩 늘어납니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="45" />
            <source>Rollout</source>
            <translation>롤아웃</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="46" />
            <source>Attention rollout: the product over encoder layers of (0.5·mean over heads + 0.5·I), rows renormalised; how much each position draws on each input token through the whole stack</source>
            <translation>어텐션 롤아웃: 인코더 층마다 (0.5·헤드 평균 + 0.5·I)를 곱한 것 (행은 다시 정규화). 각 위치가 전체 층을 거쳐 각 입력 토큰을 얼마나 참고하는지 보여 줍니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="51" />
            <source>layer {n}</source>
            <translation>{n}층</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="51" />
            <source>head {n}</source>
            <translation>헤드 {n}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="49" />
            <source>Rows: layers, columns: heads. Click one to see it large.</source>
            <translation>행: 층, 열: 헤드. 클릭하면 크게 봅니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/maps_tab.py" line="54" />
            <source>Next-token candidates at this step (click one to force it)</source>
            <translation>이 단계의 다음 토큰 후보 (클릭하면 강제로 선택)</translation>
        </message>
    </context>
    <context>
        <name>AttentionTab</name>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="139" />
            <location filename="../../desktop_app/labs/bert/attention.py" line="173" />
            <source>Layer {layer}, head {head}</source>
            <translation>{layer}층, 헤드 {head}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="171" />
            <source>Attention rollout over {n} layers</source>
            <translation>{n}개 층에 걸친 어텐션 롤아웃</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="85" />
            <source>query token</source>
            <translation>쿼리 토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="85" />
            <source>key token</source>
            <translation>키 토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="69" />
            <source>layer {n}</source>
            <translation>{n}층</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="69" />
            <source>head {n}</source>
            <translation>헤드 {n}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="182" />
            <source>{n} tokens: computed in {c} ms, drawn in {d} ms</source>
            <translation>토큰 {n}개: 계산 {c} ms, 그리기 {d} ms</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="39" />
            <source>Sentence</source>
            <translation>문장</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="32" />
            <source>Up to 512 tokens; longer text is cut</source>
            <translation>최대 512개 토큰. 더 긴 글은 잘립니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="35" />
            <source>Sentence B (optional)</source>
            <translation>문장 B (선택)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="36" />
            <source>With a sentence B the input is [CLS] A [SEP] B [SEP]</source>
            <translation>문장 B가 있으면 입력은 [CLS] A [SEP] B [SEP]입니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="42" />
            <source>Show</source>
            <translation>보기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="43" />
            <source>Run (Enter in the box, or Ctrl+Return)</source>
            <translation>실행 (입력란에서 Enter 또는 Ctrl+Return)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="44" />
            <source>Rollout</source>
            <translation>롤아웃</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="45" />
            <source>Attention rollout: the product over layers of (0.5·mean over heads + 0.5·I), rows renormalised; how much each position draws on each input token through the whole stack</source>
            <translation>어텐션 롤아웃: 층마다 (0.5·헤드 평균 + 0.5·I)를 곱하고 행을 다시 정규화합니다. 각 위치가 전체 층을 거쳐 입력 토큰 각각에서 얼마나 정보를 가져오는지 보여 줍니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="47" />
            <source>Lines</source>
            <translation>선</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="48" />
            <source>Draw the head as lines from each query (left) to the keys (right); up to {n} tokens</source>
            <translation>헤드를 쿼리(왼쪽)에서 키(오른쪽)로 가는 선으로 그립니다. 최대 {n}개 토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="71" />
            <source>Model view: rows are layers, columns are heads (click one)</source>
            <translation>모델 전체 보기: 행은 층, 열은 헤드 (클릭하면 크게)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="66" />
            <source>Rows: layers, columns: heads. Click one to see it large.</source>
            <translation>행: 층, 열: 헤드. 클릭하면 크게 봅니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="84" />
            <source>Press Show: the chosen head's attention appears here.</source>
            <translation>보기를 누르면 고른 헤드의 어텐션이 여기에 나옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/attention.py" line="201" />
            <source>Every token attends to every token, both directions (no causal mask). Rollout multiplies (0.5·mean over heads + 0.5·I) over the layers.</source>
            <translation>모든 토큰이 양방향으로 모든 토큰에 어텐션합니다 (인과 마스크 없음). 롤아웃은 층마다 (0.5·헤드 평균 + 0.5·I)를 곱해 나갑니다.</translation>
        </message>
    </context>
    <context>
        <name>BeamTab</name>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/beam_tab.py" line="47" />
            <source>Running beam search…</source>
            <translation>빔 서치 실행 중…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/beam_tab.py" line="56" />
            <source>Beam search failed: {error}</source>
            <translation>빔 서치 실패: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/beam_tab.py" line="68" />
            <source>Choose a width and run beam search on the current sentence.</source>
            <translation>너비를 고르고 현재 문장에 빔 서치를 실행하세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/beam_tab.py" line="71" />
            <source>Width {k}: “{translation}”, log p = {score}, per token = {norm} ({n} nodes kept). Red: the chosen hypothesis; green: hypotheses that ended with &lt;/s&gt;.</source>
            <translation>너비 {k}: “{translation}”, log p = {score}, 토큰당 = {norm} (노드 {n}개 유지). 빨강: 선택된 가설, 초록: &lt;/s&gt;로 끝난 가설.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/beam_tab.py" line="25" />
            <source>Beam width</source>
            <translation>빔 너비</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/beam_tab.py" line="17" />
            <source>How many hypotheses survive each step (1 = greedy)</source>
            <translation>각 단계에서 살아남는 가설의 수 (1 = 탐욕적 디코딩)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/beam_tab.py" line="19" />
            <source>Run beam search</source>
            <translation>빔 서치 실행</translation>
        </message>
    </context>
    <context>
        <name>BeforeAfterView</name>
        <message>
            <location filename="../../desktop_app/widgets/whatif.py" line="128" />
            <source>Every head on</source>
            <translation>모든 헤드 켬</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif.py" line="129" />
            <source>Heads switched off</source>
            <translation>헤드를 끈 상태</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif.py" line="130" />
            <source>Heads switched off (none yet)</source>
            <translation>헤드를 끈 상태 (아직 끈 헤드 없음)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif.py" line="140" />
            <source>next token</source>
            <translation>다음 토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif.py" line="140" />
            <source>first token</source>
            <translation>첫 토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif.py" line="152" />
            <source>Every head on: {text}</source>
            <translation>모든 헤드 켬: {text}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif.py" line="154" />
            <source>Heads off: {text}</source>
            <translation>헤드 끔: {text}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif.py" line="162" />
            <source>Switch heads off to see what changes.</source>
            <translation>헤드를 꺼서 무엇이 바뀌는지 보세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif.py" line="168" />
            <source>{what}: {before} with every head on → {after} with the heads off (log-probability change {change})</source>
            <translation>{what}: 모든 헤드를 켜면 {before} → 헤드를 끄면 {after} (로그 확률 변화 {change})</translation>
        </message>
    </context>
    <context>
        <name>BertLab</name>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="180" />
            <source>Open a BERT model folder</source>
            <translation>BERT 모델 폴더 열기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="207" />
            <source>Model: none loaded</source>
            <translation>모델: 불러온 모델 없음</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="221" />
            <source>masked-word head</source>
            <translation>마스크 단어 헤드 있음</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="221" />
            <source>no masked-word head</source>
            <translation>마스크 단어 헤드 없음</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="222" />
            <source>next-sentence head</source>
            <translation>다음 문장 헤드 있음</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="222" />
            <source>no next-sentence head</source>
            <translation>다음 문장 헤드 없음</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="227" />
            <source>{name} (shipped)</source>
            <translation>{name} (기본 제공)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="229" />
            <source>Model: {name}: {layers} layers × {heads} heads, {hidden} dimensions, {vocab} tokens in the vocabulary, at most {max} tokens; {parts}.</source>
            <translation>모델: {name}: {layers}개 층 × {heads}개 헤드, {hidden}차원, 어휘 {vocab}개 토큰, 최대 {max}개 토큰; {parts}.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="213" />
            <source>Trained on {data}.</source>
            <translation>학습 데이터: {data}.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="215" />
            <source>On held-out text the masked word is its first guess {top1} of the time, among its top 5 {top5}.</source>
            <translation>학습에 쓰지 않은 글에서 가려진 단어를 1순위로 맞힌 비율은 {top1}, 상위 5개 안에 든 비율은 {top5}입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="218" />
            <source>Next-sentence accuracy {acc}.</source>
            <translation>다음 문장 판단 정확도 {acc}.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="44" />
            <source>No BERT model at {folder}. The shipped model is not installed (yet). Use “Open model folder…” to load a BERT folder: config.json, vocab.txt or tokenizer.json, and model.safetensors.</source>
            <translation>{folder}에 BERT 모델이 없습니다. 기본 제공 모델이 (아직) 설치되지 않았습니다. “모델 폴더 열기…”로 BERT 폴더를 불러오세요: config.json, vocab.txt 또는 tokenizer.json, model.safetensors가 필요합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="48" />
            <source>The BERT model in {folder} cannot be loaded: {error}. Use “Open model folder…” to choose another.</source>
            <translation>{folder}의 BERT 모델을 불러올 수 없습니다: {error}. “모델 폴더 열기…”로 다른 폴더를 고르세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="50" />
            <source>Loading the model from {folder}…</source>
            <translation>{folder}에서 모델을 불러오는 중…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="51" />
            <source>Something went wrong: {error}</source>
            <translation>문제가 생겼습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="55" />
            <source>BERT</source>
            <translation>BERT</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="56" />
            <source>BERT reads the whole sentence at once, in both directions. It was trained to fill in hidden words (masked LM) and to tell whether sentence B follows sentence A (NSP). Ctrl+Return runs the current tab.</source>
            <translation>BERT는 문장 전체를 한 번에, 양방향으로 읽습니다. 가려진 단어 맞히기(마스크 언어 모델)와 문장 B가 문장 A 다음에 오는지 판단하기(NSP)로 학습했습니다. Ctrl+Return으로 현재 탭을 실행합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="65" />
            <source>Open model folder…</source>
            <translation>모델 폴더 열기…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="66" />
            <source>Load any local BERT folder (config.json, vocab.txt or tokenizer.json, model.safetensors), e.g. a bert-base checkpoint (Ctrl+O)</source>
            <translation>컴퓨터에 있는 BERT 폴더(config.json, vocab.txt 또는 tokenizer.json, model.safetensors)를 불러옵니다. 예: bert-base 체크포인트 (Ctrl+O)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="334" />
            <source>Masked words</source>
            <translation>마스크 단어</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="334" />
            <source>Masking 15%</source>
            <translation>15% 마스킹</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="334" />
            <source>Next sentence</source>
            <translation>다음 문장</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="334" />
            <source>Embeddings</source>
            <translation>임베딩</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="335" />
            <source>Attention</source>
            <translation>어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="335" />
            <source>Padding</source>
            <translation>패딩</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="335" />
            <source>What if</source>
            <translation>만약에</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="336" />
            <source>Predict the words hidden by [MASK]</source>
            <translation>[MASK]로 가린 단어를 예측합니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="337" />
            <source>BERT's training rule: 15% of tokens chosen, 80/10/10</source>
            <translation>BERT의 학습 규칙: 토큰 15% 선택, 80/10/10</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="338" />
            <source>Does sentence B follow sentence A?</source>
            <translation>문장 B가 문장 A 다음에 올까?</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="338" />
            <source>Token + segment + position embeddings</source>
            <translation>토큰 + 세그먼트 + 위치 임베딩</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="339" />
            <source>Every layer and head, up to 512 tokens</source>
            <translation>모든 층과 헤드, 최대 512개 토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="339" />
            <source>A batch of sentences of different lengths</source>
            <translation>길이가 다른 문장들의 배치</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/lab.py" line="340" />
            <source>Switch heads off, rank heads by importance, with before and after</source>
            <translation>헤드를 끄고, 중요도 순으로 줄 세우고, 전과 후를 비교합니다</translation>
        </message>
    </context>
    <context>
        <name>BertTab</name>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="52" />
            <source>Type a sentence first: the box is empty.</source>
            <translation>먼저 문장을 입력하세요: 입력란이 비어 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="53" />
            <source>Type both sentences, A and B: one of them is empty.</source>
            <translation>문장 A와 B를 모두 입력하세요: 하나가 비어 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="54" />
            <source>The sentence has no [MASK]. Write [MASK] where a word should be predicted, or click a word below to mask it.</source>
            <translation>문장에 [MASK]가 없습니다. 예측할 단어 자리에 [MASK]를 쓰거나, 아래에서 단어를 클릭해 가리세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="56" />
            <source>The text is longer than the model's {n} tokens and its [MASK] lies beyond them: put [MASK] earlier or shorten the text.</source>
            <translation>글이 모델의 최대 길이 {n}개 토큰보다 길고 [MASK]가 그 뒤에 있습니다: [MASK]를 앞쪽에 두거나 글을 줄이세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="59" />
            <source>Model {model} has no masked-word head (it is a bare encoder): masked prediction and the masking demo need a model trained with MLM. Attention, embeddings and padding still work.</source>
            <translation>모델 {model}에는 마스크 단어 헤드가 없습니다 (인코더만 있는 모델): 마스크 예측과 마스킹 시연에는 MLM으로 학습한 모델이 필요합니다. 어텐션, 임베딩, 패딩은 그대로 쓸 수 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="63" />
            <source>Model {model} has no next-sentence head: NSP needs a model trained with it. The other tabs still work.</source>
            <translation>모델 {model}에는 다음 문장 헤드가 없습니다: NSP에는 그 헤드로 학습한 모델이 필요합니다. 다른 탭은 그대로 쓸 수 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="65" />
            <source>There is no ordinary token to mask: the text has only special or unknown tokens.</source>
            <translation>가릴 수 있는 일반 토큰이 없습니다: 글에 특수 토큰이나 모르는 토큰만 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="67" />
            <source>Something went wrong: {error}</source>
            <translation>문제가 생겼습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="68" />
            <source>The input is longer than the model's {n} tokens: only the first {n} are used.</source>
            <translation>입력이 모델의 최대 길이 {n}개 토큰보다 깁니다: 앞의 {n}개만 사용합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="70" />
            <source>Long sentences are cut to {n} tokens in this view.</source>
            <translation>이 화면에서는 긴 문장을 {n}개 토큰으로 자릅니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="71" />
            <source>{unk} of the {n} tokens are unknown to this model and shown as [UNK]: they are not in its vocabulary.</source>
            <translation>토큰 {n}개 중 {unk}개는 이 모델이 모르는 토큰이라 [UNK]로 표시됩니다: 모델의 어휘에 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="73" />
            <source>This model learned English: Korean text is split into single letters (jamo) or [UNK], so its predictions there mean little.</source>
            <translation>이 모델은 영어로 학습했습니다: 한국어는 낱자(자모)나 [UNK]로 쪼개지므로 한국어에 대한 예측은 의미가 거의 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="76" />
            <source>Showing the predictions for the first {shown} of {n} masks.</source>
            <translation>마스크 {n}개 중 처음 {shown}개의 예측만 보여 줍니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="78" />
            <source>Only the first {n} sentences are used.</source>
            <translation>처음 {n}개 문장만 사용합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="256" />
            <source>{row} → {col}: weight {value}</source>
            <translation>{row} → {col}: 가중치 {value}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="265" />
            <source>[CLS]: the classification token, always first. Its last-layer vector, through the pooler, is what the next-sentence head reads.</source>
            <translation>[CLS]: 분류 토큰으로 항상 맨 앞에 옵니다. 마지막 층의 이 벡터가 풀러를 거쳐 다음 문장 예측 헤드의 입력이 됩니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="267" />
            <source>[SEP]: the separator that ends each sentence (segment).</source>
            <translation>[SEP]: 각 문장(세그먼트)의 끝을 표시하는 구분 토큰입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="268" />
            <source>[MASK]: a hidden token; the masked-word head predicts what was here.</source>
            <translation>[MASK]: 가려진 토큰입니다. 마스크 단어 헤드가 이 자리에 있던 토큰을 예측합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="269" />
            <source>[PAD]: filler so every sentence in a batch has the same length; the attention mask gives it weight 0.</source>
            <translation>[PAD]: 배치 안의 모든 문장 길이를 맞추기 위한 채움 토큰입니다. 어텐션 마스크가 이 토큰의 가중치를 0으로 만듭니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="271" />
            <source>[UNK]: a character or word that is not in the vocabulary (emoji, rare scripts).</source>
            <translation>[UNK]: 어휘에 없는 글자나 단어입니다 (이모지, 드문 문자).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="274" />
            <source>“{token}”: a WordPiece that continues the word before it.</source>
            <translation>“{token}”: 앞 단어에 이어지는 WordPiece 조각입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/tab.py" line="275" />
            <source>“{token}”: token {i}.</source>
            <translation>“{token}”: 토큰 {i}.</translation>
        </message>
    </context>
    <context>
        <name>BottleneckTab</name>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="95" />
            <source>Type an English sentence to translate (the box is empty).</source>
            <translation>번역할 영어 문장을 입력하세요 (입력란이 비어 있습니다).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="101" />
            <source>Translating with every model…</source>
            <translation>모든 모델로 번역하는 중…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="111" />
            <source>Could not compare the models: {error}</source>
            <translation>모델을 비교할 수 없습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="125" />
            <source>Missing (no metrics.json yet): {names}</source>
            <translation>없음 (metrics.json 없음): {names}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="128" />
            <source>Legend: model (overall test BLEU).</source>
            <translation>범례: 모델 (전체 테스트 BLEU).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="134" />
            <source>failed: {error}</source>
            <translation>실패: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="44" />
            <source>Translate with all models</source>
            <translation>모든 모델로 번역</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="45" />
            <source>The current sentence through every model found, side by side</source>
            <translation>현재 문장을 찾은 모든 모델로 번역해 나란히 비교합니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="49" />
            <source>Model</source>
            <translation>모델</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="49" />
            <source>Translation</source>
            <translation>번역</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="49" />
            <source>log p</source>
            <translation>log p</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="38" />
            <source>Test BLEU by source length (tokens)</source>
            <translation>원문 길이(토큰)별 테스트 BLEU</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="39" />
            <source>Without attention, quality falls as sentences grow: the whole source must fit in one vector.</source>
            <translation>어텐션이 없으면 문장이 길어질수록 품질이 떨어집니다. 원문 전체가 벡터 하나에 들어가야 하기 때문입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="34" />
            <source>source length (tokens)</source>
            <translation>원문 길이 (토큰)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/bottleneck_tab.py" line="35" />
            <source>BLEU</source>
            <translation>BLEU</translation>
        </message>
    </context>
    <context>
        <name>CaptionDialog</name>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="134" />
            <source>Add current state as a step</source>
            <translation>현재 상태를 단계로 추가</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="139" />
            <source>Caption (English)</source>
            <translation>자막 (영어)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="140" />
            <source>Caption (Korean)</source>
            <translation>자막 (한국어)</translation>
        </message>
    </context>
    <context>
        <name>CaptionDisplay</name>
        <message>
            <location filename="../../desktop_app/labs/caption/display.py" line="93" />
            <source>Press Step: the caption appears here, word by word.</source>
            <translation>한 단계를 누르면 캡션이 한 단어씩 여기에 나옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/display.py" line="111" />
            <source>No picture yet</source>
            <translation>아직 그림이 없습니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/display.py" line="112" />
            <source>Open, paste or drop a picture, or click a sample.</source>
            <translation>그림을 열거나 붙여 넣거나 끌어다 놓으세요. 예시를 클릭해도 됩니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/display.py" line="118" />
            <source>{name}: the CNN's {g} × {g} grid; step to see where the captioner looks</source>
            <translation>{name}: CNN의 {g} × {g} 격자. 단계를 진행하면 모델이 어디를 보는지 나타납니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/display.py" line="123" />
            <source>Attention for word {t}, “{word}” ({g} × {g} grid)</source>
            <translation>{t}번째 단어 “{word}”의 어텐션 ({g} × {g} 격자)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/display.py" line="133" />
            <source>p = {p}</source>
            <translation>p = {p}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/display.py" line="143" />
            <source>cell ({row}, {col}): {weight}</source>
            <translation>칸 ({row}, {col}): {weight}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/display.py" line="61" />
            <source>Where it looked for each word (click a word)</source>
            <translation>단어마다 본 곳 (단어를 클릭하세요)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/display.py" line="65" />
            <source>Press Step: each word gets a thumbnail of where the captioner looked for it.</source>
            <translation>한 단계를 누르면 단어마다 캡셔너가 그 단어를 위해 본 곳의 작은 그림이 붙습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/display.py" line="53" />
            <source>Press Step: the most likely words for the next word appear here.</source>
            <translation>한 단계를 누르면 다음 단어로 가장 그럴듯한 단어들이 여기에 나옵니다.</translation>
        </message>
    </context>
    <context>
        <name>CaptionLab</name>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="58" />
            <source>Image Captioning</source>
            <translation>이미지 캡셔닝</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="60" />
            <source>A CNN (MobileNetV2) turns the picture into a grid of feature vectors; a GRU decoder writes the caption one word at a time and, before each word, attends over the grid (Show, Attend and Tell). The bright part of the picture is where it looked for the word. Drop or paste a picture, or pick a sample.</source>
            <translation>CNN(MobileNetV2)이 그림을 특징 벡터의 격자로 바꾸고, GRU 디코더가 캡션을 한 단어씩 씁니다. 단어마다 먼저 격자 위에 어텐션을 둡니다(Show, Attend and Tell). 그림에서 밝은 부분이 그 단어를 위해 본 곳입니다. 그림을 끌어다 놓거나 붙여 넣거나, 샘플을 고르세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="83" />
            <source>Write the whole caption (End)</source>
            <translation>캡션 전체 쓰기 (End)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="109" />
            <source>Grid</source>
            <translation>격자</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="88" />
            <source>7 × 7 cells: the CNN sees the picture at 224 px. 14 × 14 cells: at 448 px, finer places to look at.</source>
            <translation>7 × 7 칸: CNN이 그림을 224 px로 봅니다. 14 × 14 칸: 448 px로 보며, 더 세밀한 곳을 볼 수 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="111" />
            <source>Opacity</source>
            <translation>불투명도</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="94" />
            <source>How strongly the attention is drawn over the picture</source>
            <translation>그림 위에 어텐션을 얼마나 진하게 그릴지</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="99" />
            <source>Raw cells</source>
            <translation>원래 칸</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="100" />
            <source>Show the grid cells as they are, instead of the smooth upsampling</source>
            <translation>부드럽게 확대하지 않고 격자 칸을 그대로 보여 줍니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="193" />
            <source>Loading the captioner…</source>
            <translation>캡셔닝 모델을 불러오는 중…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="197" />
            <source>Trained only on generated scenes: photos of a cat, an astronaut, a cup, a rocket, a horse and a man, and red, green, blue or yellow balls, squares and triangles, side by side or one above the other. It knows {n} words: {words}. Any other picture still gets a caption made of these words.</source>
            <translation>생성한 장면으로만 학습했습니다: 고양이, 우주비행사, 컵, 로켓, 말, 남자의 사진과 빨강·초록·파랑·노랑 공(ball), 사각형(square), 삼각형(triangle)을 나란히 또는 위아래로 놓은 장면입니다. 아는 단어는 {n}개(영어)입니다: {words}. 다른 그림에도 이 단어들로만 캡션을 씁니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="206" />
            <source>On held-out scenes: exact captions {exact}, BLEU {bleu}, attention peak on the named object {loc}.</source>
            <translation>학습에 쓰지 않은 장면에서: 캡션 완전 일치 {exact}, BLEU {bleu}, 어텐션 최고점이 해당 물체 위에 있는 비율 {loc}.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="42" />
            <source>“{name}” was not found or cannot be read.</source>
            <translation>“{name}” 파일을 찾을 수 없거나 읽을 수 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="43" />
            <source>“{name}” is empty (0 bytes): there is no picture in it.</source>
            <translation>“{name}” 파일이 비어 있습니다(0바이트). 그림이 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="44" />
            <source>“{name}” is not a picture this lab can read (PNG, JPEG, WebP, BMP, GIF, TIFF).</source>
            <translation>“{name}”은(는) 이 실습이 읽을 수 있는 그림이 아닙니다 (PNG, JPEG, WebP, BMP, GIF, TIFF).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="46" />
            <source>“{name}” is cut off before its end (truncated); the picture is incomplete.</source>
            <translation>“{name}” 파일이 끝나기 전에 잘려 있습니다. 그림이 불완전합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="48" />
            <source>“{name}” is damaged and cannot be decoded.</source>
            <translation>“{name}” 파일이 손상되어 디코딩할 수 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="49" />
            <source>“{name}” is too large (more than 60 million pixels) and was refused, to protect the computer's memory.</source>
            <translation>“{name}”은(는) 너무 커서(6천만 화소 초과) 컴퓨터 메모리를 보호하기 위해 거부했습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="52" />
            <source>The clipboard holds no picture and no picture file.</source>
            <translation>클립보드에 그림이나 그림 파일이 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="53" />
            <source>The captioner could not be loaded: {detail}</source>
            <translation>캡셔닝 모델을 불러올 수 없습니다: {detail}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="54" />
            <source>The picture could not be captioned: {detail}</source>
            <translation>그림에 캡션을 붙일 수 없습니다: {detail}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="216" />
            <source>Reading “{name}” and running the CNN…</source>
            <translation>“{name}”을(를) 읽고 CNN을 실행하는 중…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="249" />
            <source>“{name}” is ready: press Space to write the caption word by word.</source>
            <translation>“{name}” 준비 완료: Space를 눌러 캡션을 한 단어씩 쓰세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/lab.py" line="275" />
            <source>Word {t}: “{word}” (p = {p})</source>
            <translation>{t}번째 단어: “{word}” (p = {p})</translation>
        </message>
    </context>
    <context>
        <name>CompareTab</name>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="36" />
            <source>Type a sentence to compare.</source>
            <translation>비교할 문장을 입력하세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="37" />
            <source>Type at least two words: each model predicts one token from the others.</source>
            <translation>두 단어 이상 입력하세요. 각 모델이 나머지 토큰으로 한 토큰을 예측합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="39" />
            <source>No GPT model found in {folder}.</source>
            <translation>{folder}에 GPT 모델이 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="40" />
            <source>The BERT model is not installed yet ({folder}): BERT's side stays empty. GPT's side works on its own.</source>
            <translation>BERT 모델이 아직 설치되지 않았습니다({folder}). BERT 쪽은 비어 있고, GPT 쪽은 혼자서도 동작합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="42" />
            <source>The BERT model in {folder} has no masked-word head, so it cannot fill a [MASK].</source>
            <translation>{folder}의 BERT 모델에는 마스크 단어 예측 헤드가 없어 [MASK]를 채울 수 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="44" />
            <source>BERT cannot be used: {error}</source>
            <translation>BERT를 사용할 수 없습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="45" />
            <source>The computation failed: {error}</source>
            <translation>계산에 실패했습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="283" />
            <source>mask: 1 = may attend</source>
            <translation>마스크: 1 = 볼 수 있음</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="283" />
            <source>attention, last layer, mean over heads</source>
            <translation>어텐션, 마지막 층, 헤드 평균</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="284" />
            <source>BERT, bidirectional ({what}): every token sees every token</source>
            <translation>BERT, 양방향({what}): 모든 토큰이 모든 토큰을 봅니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="286" />
            <source>GPT, causal ({what}): each token sees itself and the tokens before it</source>
            <translation>GPT, 인과적({what}): 각 토큰은 자신과 앞의 토큰만 봅니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="291" />
            <source>BERT fills [MASK] at “{word}” from both sides</source>
            <translation>BERT는 “{word}” 자리의 [MASK]를 양쪽 문맥으로 채웁니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="292" />
            <source>GPT predicts “{word}” from the left only: “{left}”</source>
            <translation>GPT는 “{word}”을(를) 왼쪽만 보고 예측합니다: “{left}”</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="297" />
            <source>No BERT model: no map.</source>
            <translation>BERT 모델이 없어 맵이 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="104" />
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="298" />
            <source>Press Compare: the maps appear here.</source>
            <translation>비교를 누르면 맵이 여기에 나옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="119" />
            <source>BERT's predictions appear here.</source>
            <translation>BERT의 예측이 여기에 나옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="120" />
            <source>GPT's predictions appear here.</source>
            <translation>GPT의 예측이 여기에 나옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="102" />
            <source>{row} → {col}: {value}</source>
            <translation>{row} → {col}: {value}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="308" />
            <source>The same sentence in both models. BERT (an encoder) lets every token attend to every other one, so it can fill a [MASK] from both sides. GPT (a decoder) masks the future, so it predicts each token from the tokens on its left only. Both use the same WordPiece tokens. Pick the position both predict.</source>
            <translation>같은 문장을 두 모델에 넣습니다. BERT(인코더)는 모든 토큰이 다른 모든 토큰을 보게 하므로 [MASK]를 양쪽 문맥으로 채울 수 있습니다. GPT(디코더)는 미래를 가리므로 각 토큰을 왼쪽 토큰만 보고 예측합니다. 두 모델은 같은 WordPiece 토큰을 씁니다. 두 모델이 예측할 위치를 고르세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="78" />
            <source>Sentence</source>
            <translation>문장</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="65" />
            <source>Compare</source>
            <translation>비교</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="79" />
            <source>Position</source>
            <translation>위치</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="68" />
            <source>The token both models predict (or click a row of a map)</source>
            <translation>두 모델이 예측할 토큰(맵의 행을 클릭해도 됩니다)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="80" />
            <source>Show</source>
            <translation>보기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="73" />
            <source>Masks</source>
            <translation>마스크</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/compare_tab.py" line="74" />
            <source>Attention</source>
            <translation>어텐션</translation>
        </message>
    </context>
    <context>
        <name>DrillDownTab</name>
        <message>
            <location filename="../../desktop_app/labs/transformer/drill_tab.py" line="182" />
            <source>Computing Q, K and V…</source>
            <translation>Q, K, V 계산 중…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/drill_tab.py" line="183" />
            <source>Nothing to show yet: step the decoder first for the decoder's attention.</source>
            <translation>아직 보여줄 것이 없습니다: 디코더 어텐션을 보려면 먼저 디코더를 한 단계 진행하세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/drill_tab.py" line="192" />
            <source>q (query “{token}”)</source>
            <translation>q (쿼리 “{token}”)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/drill_tab.py" line="193" />
            <source>K: one key per row</source>
            <translation>K: 행마다 키 하나</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/drill_tab.py" line="194" />
            <source>V: one value per row</source>
            <translation>V: 행마다 값 하나</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/drill_tab.py" line="195" />
            <source>output = Σ_j w_j v_j</source>
            <translation>출력 = Σ_j w_j v_j</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/drill_tab.py" line="203" />
            <source>{kind}, layer {layer}, head {head}, query {query} “{token}”: the softmax row equals that row of the heatmap; masked keys get weight 0.</source>
            <translation>{kind}, {layer}층, 헤드 {head}, 쿼리 {query} “{token}”: softmax 결과는 히트맵의 그 행과 같습니다. 마스크된 키의 가중치는 0입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/drill_tab.py" line="213" />
            <source>mask</source>
            <translation>마스크</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/drill_tab.py" line="216" />
            <source>−∞ (masked)</source>
            <translation>−∞ (마스크됨)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/drill_tab.py" line="73" />
            <source>Attention</source>
            <translation>어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/drill_tab.py" line="74" />
            <source>Layer</source>
            <translation>층</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/drill_tab.py" line="75" />
            <source>Head</source>
            <translation>헤드</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/drill_tab.py" line="76" />
            <source>Query</source>
            <translation>쿼리</translation>
        </message>
    </context>
    <context>
        <name>EmbeddingsTab</name>
        <message>
            <location filename="../../desktop_app/labs/bert/embeddings.py" line="65" />
            <source>Token {i} “{token}” (segment {seg}), dimension {d}: the three lookups add up to the input embedding; LayerNorm then rescales each token's vector.</source>
            <translation>토큰 {i} “{token}” (세그먼트 {seg}), 차원 {d}: 세 임베딩을 더한 값이 입력 임베딩이고, 이어서 LayerNorm이 토큰마다 벡터의 크기를 맞춥니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/embeddings.py" line="23" />
            <source>Sentence</source>
            <translation>문장</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/embeddings.py" line="25" />
            <source>Show</source>
            <translation>보기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/embeddings.py" line="26" />
            <source>Run (Enter in the box, or Ctrl+Return)</source>
            <translation>실행 (입력란에서 Enter 또는 Ctrl+Return)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/embeddings.py" line="41" />
            <source>Input embedding = token + segment + position, one row per token, one column per dimension</source>
            <translation>입력 임베딩 = 토큰 + 세그먼트 + 위치, 행은 토큰, 열은 차원</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/embeddings.py" line="35" />
            <source>token</source>
            <translation>토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/embeddings.py" line="35" />
            <source>segment</source>
            <translation>세그먼트</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/embeddings.py" line="35" />
            <source>position</source>
            <translation>위치</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/embeddings.py" line="35" />
            <source>sum (input)</source>
            <translation>합 (입력)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/embeddings.py" line="36" />
            <source>after LayerNorm</source>
            <translation>LayerNorm 후</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/embeddings.py" line="33" />
            <source>The first three share one colour scale with their sum</source>
            <translation>앞의 세 그림은 합과 같은 색 척도를 씁니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/embeddings.py" line="38" />
            <source>Press Show: each token's three embeddings and their sum appear here.</source>
            <translation>보기를 누르면 토큰마다 세 가지 임베딩과 그 합이 여기에 나옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/embeddings.py" line="76" />
            <source>Hover a cell to see the three numbers that add up to it.</source>
            <translation>칸 위에 마우스를 올리면 더해서 그 값이 되는 세 숫자가 보입니다.</translation>
        </message>
    </context>
    <context>
        <name>ExportButton</name>
        <message>
            <location filename="../../desktop_app/widgets/export.py" line="281" />
            <source>Export</source>
            <translation>내보내기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/export.py" line="282" />
            <source>Save this view as an image (PNG, SVG) or its numbers (CSV, JSON)</source>
            <translation>이 보기를 이미지(PNG, SVG)나 숫자(CSV, JSON)로 저장합니다</translation>
        </message>
    </context>
    <context>
        <name>ExportController</name>
        <message>
            <location filename="../../desktop_app/widgets/export.py" line="204" />
            <source>PNG image (*.png)</source>
            <translation>PNG 이미지 (*.png)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/export.py" line="205" />
            <source>SVG vector image (*.svg)</source>
            <translation>SVG 벡터 이미지 (*.svg)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/export.py" line="206" />
            <source>CSV table (*.csv)</source>
            <translation>CSV 표 (*.csv)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/export.py" line="207" />
            <source>JSON with metadata (*.json)</source>
            <translation>메타데이터를 포함한 JSON (*.json)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/export.py" line="210" />
            <source>Export</source>
            <translation>내보내기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/export.py" line="220" />
            <source>Nothing to export in this view.</source>
            <translation>이 보기에는 내보낼 내용이 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/export.py" line="240" />
            <source>Exporting to {path}…</source>
            <translation>{path}(으)로 내보내는 중…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/export.py" line="251" />
            <source>Exported {path}</source>
            <translation>내보내기 완료: {path}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/export.py" line="254" />
            <source>Could not write {path}:
{error}</source>
            <translation>{path} 파일을 쓸 수 없습니다:
{error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/export.py" line="256" />
            <source>Export failed</source>
            <translation>내보내기 실패</translation>
        </message>
    </context>
    <context>
        <name>GPTLab</name>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="44" />
            <source>The context fills the model's window of {n} tokens: go back or reset.</source>
            <translation>문맥이 모델의 창({n}개 토큰)을 가득 채웠습니다. 뒤로 가거나 처음으로 돌아가세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="46" />
            <source>The prompt is longer than the model's window: only its last tokens are read.</source>
            <translation>프롬프트가 모델의 창보다 깁니다. 마지막 토큰들만 읽습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="48" />
            <source>This model knows English only: Korean letters become [UNK] or single pieces.</source>
            <translation>이 모델은 영어만 압니다. 한글은 [UNK]나 낱글자 조각이 됩니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="50" />
            <source>{n} prompt token(s) are outside the model's vocabulary and read as [UNK].</source>
            <translation>프롬프트 토큰 {n}개가 모델의 어휘 밖에 있어 [UNK]로 읽힙니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="38" />
            <source>Type a prompt first: the model continues the text you give it.</source>
            <translation>먼저 프롬프트를 입력하세요. 모델은 주어진 글을 이어 씁니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="39" />
            <source>No GPT model found in {folder}. Train one with: python -m engine.train.gpt</source>
            <translation>{folder}에 GPT 모델이 없습니다. 다음 명령으로 학습하세요: python -m engine.train.gpt</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="41" />
            <source>The GPT model in {folder} cannot be used: {error}</source>
            <translation>{folder}의 GPT 모델을 사용할 수 없습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="42" />
            <source>The computation failed: {error}</source>
            <translation>계산에 실패했습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="273" />
            <source>Model folder: {folder}</source>
            <translation>모델 폴더: {folder}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="279" />
            <source>{layers} layers × {heads} heads, width {d}, window {block} tokens; BERT's WordPiece tokens, {vocab} of {all} predicted. Trained on WikiText-2 (Wikipedia articles) only, so it writes encyclopedia-like text.</source>
            <translation>{layers}층 × {heads}헤드, 폭 {d}, 창 {block}토큰. BERT의 WordPiece 토큰 {all}개 중 {vocab}개를 예측합니다. WikiText-2(위키백과 문서)로만 학습해서 백과사전 같은 글을 씁니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="283" />
            <source>{layers} layers × {heads} heads, width {d}, window {block} tokens; BERT's WordPiece tokens, {vocab} of {all} predicted. Trained on everyday English sentences (Tatoeba), so it writes short, simple sentences.</source>
            <translation>{layers}개 층 × {heads}개 헤드, 너비 {d}, 창 {block}개 토큰; BERT의 WordPiece 토큰 중 {all}개 가운데 {vocab}개를 예측합니다. 일상 영어 문장(Tatoeba)으로 학습해서 짧고 쉬운 문장을 씁니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="287" />
            <source>Perplexity on held-out text: {valid} (validation), {test} (test).</source>
            <translation>학습에 쓰지 않은 글에서의 퍼플렉시티: {valid}(검증), {test}(테스트).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="56" />
            <source>GPT</source>
            <translation>GPT</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="58" />
            <source>A decoder-only Transformer writes text one token at a time: it reads the tokens so far and gives a probability to every possible next token. Click a candidate to choose it yourself.</source>
            <translation>디코더만 있는 트랜스포머는 글을 한 토큰씩 씁니다. 지금까지의 토큰을 읽고 다음에 올 수 있는 모든 토큰에 확률을 매깁니다. 후보를 클릭하면 직접 고를 수 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="101" />
            <source>Prompt</source>
            <translation>프롬프트</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="64" />
            <source>Type the beginning of a text or pick an example; Enter starts over</source>
            <translation>글의 시작 부분을 입력하거나 예시를 고르세요. Enter를 누르면 처음부터 시작합니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="68" />
            <source>Start</source>
            <translation>시작</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="69" />
            <source>Read the prompt and predict the next token (Enter in the box)</source>
            <translation>프롬프트를 읽고 다음 토큰을 예측합니다(입력란에서 Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="84" />
            <source>Generate</source>
            <translation>생성</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="85" />
            <source>BERT vs GPT</source>
            <translation>BERT 대 GPT</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="86" />
            <source>What if</source>
            <translation>만약에</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/lab.py" line="96" />
            <source>The causal mask M sets the scores of later tokens to −∞ before the softmax, so their weights are exactly 0: the prediction at position i depends on tokens 1…i only.</source>
            <translation>인과 마스크 M은 소프트맥스 전에 뒤에 오는 토큰의 점수를 −∞로 만들어 그 가중치를 정확히 0으로 만듭니다. 그래서 위치 i의 예측은 토큰 1…i에만 의존합니다.</translation>
        </message>
    </context>
    <context>
        <name>GRULab</name>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="45" />
            <source>GRU Gates</source>
            <translation>GRU 게이트</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="47" />
            <source>Inside the translation model's GRUs: the update gate z decides how much of the old state to keep, the reset gate r how much of it to use for the candidate n, and h is the new state. Rows are hidden units, columns are time steps. Click a cell to see that unit over time and the equations with its numbers.</source>
            <translation>번역 모델의 GRU 내부입니다. 업데이트 게이트 z는 이전 상태를 얼마나 유지할지, 리셋 게이트 r은 후보 n을 만들 때 이전 상태를 얼마나 쓸지 정하고, h는 새 상태입니다. 행은 은닉 유닛, 열은 시간 단계입니다. 셀을 클릭하면 그 유닛의 시간에 따른 변화와 숫자가 채워진 수식을 볼 수 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="87" />
            <source>GRU</source>
            <translation>GRU</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="65" />
            <source>Encoder (reads English)</source>
            <translation>인코더 (영어를 읽음)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="66" />
            <source>Decoder (writes Spanish)</source>
            <translation>디코더 (스페인어를 씀)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="90" />
            <source>Units</source>
            <translation>유닛</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="70" />
            <source>First row shown (a position in the chosen order)</source>
            <translation>표시할 첫 행 (선택한 순서에서의 위치)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="71" />
            <source>Last row shown (a position in the chosen order)</source>
            <translation>표시할 마지막 행 (선택한 순서에서의 위치)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="93" />
            <source>Order</source>
            <translation>정렬</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="328" />
            <source>unit number</source>
            <translation>유닛 번호</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="328" />
            <source>mean update gate z</source>
            <translation>업데이트 게이트 z 평균</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="328" />
            <source>mean |h|</source>
            <translation>|h| 평균</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="329" />
            <source>change of h over time</source>
            <translation>시간에 따른 h의 변화량</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="77" />
            <source>Order of the rows: sorting brings units that behave alike together</source>
            <translation>행 순서: 정렬하면 비슷하게 움직이는 유닛끼리 모입니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="104" />
            <source>unit</source>
            <translation>유닛</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="106" />
            <location filename="../../desktop_app/labs/gru/lab.py" line="298" />
            <source>{gate}: unit {unit}, {token}: {value}</source>
            <translation>{gate}: 유닛 {unit}, {token}: {value}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="109" />
            <source>time step</source>
            <translation>시간 단계</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="333" />
            <source>Update gate z (0 = take the new candidate, 1 = keep the old state)</source>
            <translation>업데이트 게이트 z (0 = 새 후보 사용, 1 = 이전 상태 유지)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="334" />
            <source>Reset gate r (how much of h_{t-1} enters the candidate)</source>
            <translation>리셋 게이트 r (h_{t-1}이 후보에 얼마나 들어가는지)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="335" />
            <source>Candidate state n (−1 … 1)</source>
            <translation>후보 상태 n (−1 … 1)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="336" />
            <source>Hidden state h (−1 … 1)</source>
            <translation>은닉 상태 h (−1 … 1)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="339" />
            <source>{units} units × {steps} steps</source>
            <translation>유닛 {units}개 × {steps}단계</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="37" />
            <source>The decoder has not taken a step yet: press Space (here or in the Seq2Seq lab).</source>
            <translation>디코더가 아직 한 단계도 진행하지 않았습니다. Space를 누르세요 (여기 또는 Seq2Seq 실습에서).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="39" />
            <source>Only the first {limit} tokens are read by the model.</source>
            <translation>모델은 처음 {limit}개 토큰만 읽습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="188" />
            <source>Press Step: each column will show the gates of one decoder step</source>
            <translation>한 단계를 누르면 열마다 디코더 한 단계의 게이트가 나옵니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="221" />
            <source>One unit over time (click a cell)</source>
            <translation>한 유닛의 시간에 따른 값 (셀을 클릭하세요)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="223" />
            <source>Click a cell of a heatmap to fill in the numbers.</source>
            <translation>히트맵의 셀을 클릭하면 숫자가 채워집니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="227" />
            <source>Unit {unit} of the {side}: r, z, n, h over time</source>
            <translation>{side}의 유닛 {unit}: 시간에 따른 r, z, n, h</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="228" />
            <source>encoder</source>
            <translation>인코더</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="228" />
            <source>decoder</source>
            <translation>디코더</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="240" />
            <source>Encoder, step {t}, input x_{t} = “{token}”, unit {unit}</source>
            <translation>인코더, {t}단계, 입력 x_{t} = “{token}”, 유닛 {unit}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="243" />
            <source>Decoder, step {t}, input y_{prev} = “{token}”, unit {unit} (it wrote “{out}”)</source>
            <translation>디코더, {t}단계, 입력 y_{prev} = “{token}”, 유닛 {unit} (출력 “{out}”)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="245" />
            <source>Recomputed from the model's weights; the largest difference from the values in the heatmaps is {diff}.</source>
            <translation>모델의 가중치로 다시 계산한 값입니다. 히트맵 값과의 최대 차이는 {diff}입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gru/lab.py" line="261" />
            <source>Unit {unit}, step {t}: r = {r}, z = {z}, n = {n}, h = {h}</source>
            <translation>유닛 {unit}, {t}단계: r = {r}, z = {z}, n = {n}, h = {h}</translation>
        </message>
    </context>
    <context>
        <name>GenerateTab</name>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="152" />
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="334" />
            <source>Loading the model…</source>
            <translation>모델을 불러오는 중…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="188" />
            <source>Chose “{token}” as token {n}; generation continues from it.</source>
            <translation>“{token}”을(를) {n}번째 토큰으로 골랐습니다. 여기서 생성을 이어 갑니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="256" />
            <source>“{row}” cannot see “{col}”: it comes later (masked, weight 0)</source>
            <translation>“{row}”은(는) “{col}”을(를) 볼 수 없습니다: 뒤에 오는 토큰입니다(마스크됨, 가중치 0)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="260" />
            <source>“{row}” (position {i}) attends to “{col}” (position {j}) with weight {value}</source>
            <translation>“{row}”(위치 {i})이(가) “{col}”(위치 {j})에 가중치 {value}로 주의를 기울입니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="279" />
            <source>Add tokens until the context fills the model's window (End)</source>
            <translation>문맥이 모델의 창을 가득 채울 때까지 토큰을 이어 씁니다 (End)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="285" />
            <source>Last layer, mean over heads</source>
            <translation>마지막 층, 헤드 평균</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="289" />
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="302" />
            <source>layer {layer}, head {head}</source>
            <translation>층 {layer}, 헤드 {head}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="297" />
            <source>Causal self-attention</source>
            <translation>인과적 셀프 어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="300" />
            <source>layer {layer}, mean over heads</source>
            <translation>층 {layer}, 헤드 평균</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="304" />
            <source>Causal self-attention, {where}: row = the token that attends, column = the token it looks at; the last row made the prediction on the left. Nothing above the diagonal: no token sees the future.</source>
            <translation>인과적 셀프 어텐션, {where}: 행 = 주의를 기울이는 토큰, 열 = 그 토큰이 보는 토큰. 마지막 행이 왼쪽의 예측을 만들었습니다. 대각선 위는 비어 있습니다: 어떤 토큰도 미래를 보지 못합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="311" />
            <source>Next-token candidates (click one to choose it)</source>
            <translation>다음 토큰 후보 (클릭하여 선택)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="323" />
            <source>greedy: the most probable is chosen</source>
            <translation>탐욕적: 가장 확률이 높은 토큰을 고름</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="325" />
            <source>sampled at temperature {t}, top-k {k} (0 = all), seed {seed}</source>
            <translation>온도 {t}, top-k {k}(0 = 전체), 시드 {seed}로 샘플링</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="327" />
            <source>Next-token candidates after {n} tokens ({how}); click one to choose it</source>
            <translation>토큰 {n}개 다음에 올 토큰 후보({how}). 클릭하면 그 토큰을 고릅니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="100" />
            <source>Show</source>
            <translation>보기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="71" />
            <source>The attention map shown large; or click a cell of the grid</source>
            <translation>크게 보여 줄 어텐션 맵. 격자의 칸을 클릭해도 됩니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="65" />
            <source>layer {n}</source>
            <translation>{n}층</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="65" />
            <source>head {n}</source>
            <translation>헤드 {n}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="67" />
            <source>Every layer × head (click one to see it large)</source>
            <translation>모든 층 × 헤드(클릭하면 크게 보기)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="63" />
            <source>Rows: layers, columns: heads. Each is lower triangular: causal attention.</source>
            <translation>행: 층, 열: 헤드. 모두 하삼각 행렬입니다: 인과적 어텐션.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="85" />
            <source>Once the model reads the prompt, each row shows where that token looks.</source>
            <translation>모델이 프롬프트를 읽으면 행마다 그 토큰이 어디를 보는지 나옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="78" />
            <source>The model's most likely next tokens appear here.</source>
            <translation>모델이 가장 그럴듯하게 본 다음 토큰들이 여기에 나옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/generate_tab.py" line="86" />
            <source>{row} → {col}: weight {value}</source>
            <translation>{row} → {col}: 가중치 {value}</translation>
        </message>
    </context>
    <context>
        <name>ImportanceView</name>
        <message>
            <location filename="../../desktop_app/widgets/whatif.py" line="46" />
            <source>Press Importance: each head's effect on the prediction appears here.</source>
            <translation>중요도를 누르면 헤드마다 예측에 끼치는 영향이 여기에 나옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif.py" line="57" />
            <source>layer {n}</source>
            <translation>{n}층</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif.py" line="58" />
            <source>head {n}</source>
            <translation>헤드 {n}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif.py" line="71" />
            <source>{layer}, {head}: switched off alone, the log-probability changes by {change} (click: switch it off)</source>
            <translation>{layer}, {head}: 이 헤드만 끄면 로그 확률이 {change}만큼 바뀝니다 (클릭: 이 헤드 끄기)</translation>
        </message>
    </context>
    <context>
        <name>LabFrame</name>
        <message>
            <location filename="../../desktop_app/kit/frame.py" line="236" />
            <source>Keys: Space or → steps, ← goes back, Home resets, End runs to the end; Page Down and Ctrl+→ step even while you type (a presentation clicker works too).</source>
            <translation>키: Space나 →는 한 단계, ←는 뒤로, Home은 처음으로, End는 끝까지. Page Down과 Ctrl+→는 글을 입력하는 중에도 한 단계 진행합니다(발표용 리모컨도 됩니다).</translation>
        </message>
    </context>
    <context>
        <name>Labs</name>
        <message>
            <location filename="../../desktop_app/labs/__init__.py" line="39" />
            <source>Seq2Seq &amp; Attention</source>
            <translation>Seq2Seq와 어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/__init__.py" line="40" />
            <source>Training</source>
            <translation>학습</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/__init__.py" line="41" />
            <source>GRU Gates</source>
            <translation>GRU 게이트</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/__init__.py" line="42" />
            <source>Positional Encoding</source>
            <translation>위치 인코딩</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/__init__.py" line="43" />
            <source>Transformer</source>
            <translation>트랜스포머</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/__init__.py" line="44" />
            <source>BERT</source>
            <translation>BERT</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/__init__.py" line="45" />
            <source>GPT</source>
            <translation>GPT</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/__init__.py" line="46" />
            <source>Image Captioning</source>
            <translation>이미지 캡셔닝</translation>
        </message>
    </context>
    <context>
        <name>LessonController</name>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="182" />
            <source>L&amp;essons</source>
            <translation>수업(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="184" />
            <source>Lessons and welcome page…</source>
            <translation>수업 목록과 시작 화면…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="186" />
            <source>Open lesson file…</source>
            <translation>수업 파일 열기…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="189" />
            <source>Add current state as a step</source>
            <translation>현재 상태를 단계로 추가</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="191" />
            <source>Save lesson…</source>
            <translation>수업 저장…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="193" />
            <source>Start a new recording</source>
            <translation>새로 녹화 시작</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="195" />
            <source>Leave the lesson (Esc)</source>
            <translation>수업 나가기 (Esc)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="198" />
            <source>&amp;Presenter mode</source>
            <translation>발표자 모드(&amp;P)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="199" />
            <source>Full screen, large fonts, projector colours (F5)</source>
            <translation>전체 화면, 큰 글꼴, 프로젝터용 색 (F5)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="203" />
            <source>Presenter colours</source>
            <translation>발표자 모드 색</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="204" />
            <source>High contrast</source>
            <translation>고대비</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="205" />
            <source>Colour-blind safe (cividis)</source>
            <translation>색각 이상 친화 (cividis)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="217" />
            <source>Space/→ next · ← back · Home first · Esc leave</source>
            <translation>Space/→ 다음 · ← 이전 · Home 처음 · Esc 나가기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="302" />
            <source>This step names the lab “{lab}”, which this version does not have; it is skipped.</source>
            <translation>이 단계는 이 버전에 없는 실험실 “{lab}”을(를) 가리키므로 건너뜁니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="309" />
            <source>This step could not be applied: {error}</source>
            <translation>이 단계를 적용하지 못했습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="359" />
            <source>{title} · step {n} of {total}</source>
            <translation>{title} · {total}단계 중 {n}단계</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="361" />
            <source>Preparing the lab…</source>
            <translation>실험실을 준비하는 중…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="420" />
            <source>Open lesson file</source>
            <translation>수업 파일 열기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="421" />
            <source>Lesson files (*.toml);;All files (*)</source>
            <translation>수업 파일 (*.toml);;모든 파일 (*)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="428" />
            <source>This lesson file cannot be used</source>
            <translation>이 수업 파일은 사용할 수 없습니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="436" />
            <source>This lab cannot be recorded in a lesson yet.</source>
            <translation>이 실험실은 아직 수업으로 녹화할 수 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="441" />
            <source>Step {n} recorded ({lab}). Save the lesson with Ctrl+Shift+S.</source>
            <translation>{n}단계를 녹화했습니다 ({lab}). Ctrl+Shift+S로 수업을 저장하세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="462" />
            <location filename="../../desktop_app/lessons/player.py" line="466" />
            <location filename="../../desktop_app/lessons/player.py" line="473" />
            <source>Save lesson</source>
            <translation>수업 저장</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="463" />
            <source>Nothing recorded yet: set up a lab, then use “Add current state as a step” (Ctrl+Shift+A).</source>
            <translation>아직 녹화한 것이 없습니다. 실험실을 설정한 뒤 “현재 상태를 단계로 추가”(Ctrl+Shift+A)를 사용하세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="467" />
            <source>Lesson files (*.toml)</source>
            <translation>수업 파일 (*.toml)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="474" />
            <source>Could not save the lesson: {error}</source>
            <translation>수업을 저장하지 못했습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="477" />
            <source>Saved {n} steps to {path}.</source>
            <translation>{n}개 단계를 {path}에 저장했습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="482" />
            <source>A new recording starts: no steps yet.</source>
            <translation>새 녹화를 시작합니다. 아직 단계가 없습니다.</translation>
        </message>
    </context>
    <context>
        <name>Lessons</name>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="33" />
            <source>the file could not be read ({detail})</source>
            <translation>파일을 읽을 수 없습니다 ({detail})</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="34" />
            <source>the file is too large to be a lesson ({detail} bytes)</source>
            <translation>수업 파일로 보기에는 너무 큽니다 ({detail}바이트)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="35" />
            <source>this is not valid TOML: {detail}</source>
            <translation>올바른 TOML이 아닙니다: {detail}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="36" />
            <source>this field is required</source>
            <translation>꼭 있어야 하는 항목입니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="37" />
            <source>expected {detail}</source>
            <translation>{detail}이(가) 와야 합니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="38" />
            <source>there is no lab called “{detail}”</source>
            <translation>“{detail}”이라는 실험실은 없습니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="39" />
            <source>unknown field (a typo?)</source>
            <translation>알 수 없는 항목입니다 (오타인가요?)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="40" />
            <source>this text is empty</source>
            <translation>글이 비어 있습니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="41" />
            <source>the lesson has no [[step]] tables</source>
            <translation>수업에 [[step]] 표가 하나도 없습니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="42" />
            <source>expected a whole number 0 or more, or "end"</source>
            <translation>0 이상의 정수나 "end"가 와야 합니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="45" />
            <source>a text in quotes</source>
            <translation>따옴표로 감싼 글</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="46" />
            <source>a whole number</source>
            <translation>정수</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="47" />
            <source>a table</source>
            <translation>표</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="48" />
            <source>[[step]] tables</source>
            <translation>[[step]] 표</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="49" />
            <source>a table, e.g. { key = value }</source>
            <translation>표 (예: { key = value })</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="50" />
            <source>not UTF-8 text</source>
            <translation>UTF-8 글이 아닙니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="54" />
            <source>{file}, line {line}, field “{field}”: {reason}</source>
            <translation>{file}, {line}번째 줄, 항목 “{field}”: {reason}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/player.py" line="56" />
            <source>{file}, line {line}: {reason}</source>
            <translation>{file}, {line}번째 줄: {reason}</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../desktop_app/main_window.py" line="121" />
            <source>The settings file could not be read; started with defaults (a copy was kept as .bak).</source>
            <translation>설정 파일을 읽을 수 없어 기본값으로 시작했습니다(원래 파일은 .bak으로 보관했습니다).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="78" />
            <source>Attention Lab</source>
            <translation>어텐션 랩</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="144" />
            <source>&amp;File</source>
            <translation>파일(&amp;F)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="145" />
            <source>&amp;Export current view</source>
            <translation>현재 보기 내보내기(&amp;E)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="146" />
            <source>PNG image…</source>
            <translation>PNG 이미지…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="146" />
            <source>SVG vector image…</source>
            <translation>SVG 벡터 이미지…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="147" />
            <source>CSV numbers…</source>
            <translation>숫자를 CSV로…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="147" />
            <source>JSON numbers and settings…</source>
            <translation>숫자와 설정을 JSON으로…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="155" />
            <source>&amp;Quit</source>
            <translation>종료(&amp;Q)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="159" />
            <source>&amp;View</source>
            <translation>보기(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="160" />
            <source>&amp;Language</source>
            <translation>언어(&amp;L)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="179" />
            <source>&amp;Help</source>
            <translation>도움말(&amp;H)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="180" />
            <source>&amp;About Attention Lab</source>
            <translation>어텐션 랩 정보(&amp;A)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="79" />
            <source>Labs. Ctrl+1 to Ctrl+9 switch between them.</source>
            <translation>실습 목록입니다. Ctrl+1 ~ Ctrl+9로 실습을 바꿉니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="188" />
            <source>{title} (Ctrl+{number})</source>
            <translation>{title} (Ctrl+{number})</translation>
        </message>
        <message>
            <location filename="../../desktop_app/main_window.py" line="88" />
            <source>Choose a lab on the left.</source>
            <translation>왼쪽에서 실습을 고르세요.</translation>
        </message>
    </context>
    <context>
        <name>MaskedTab</name>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="91" />
            <source>[MASK] {n} (token {pos})</source>
            <translation>[MASK] {n} (토큰 {pos})</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="102" />
            <source>{token} is a special token: click a word to mask it.</source>
            <translation>{token}은(는) 특수 토큰입니다: 가리려면 단어를 클릭하세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="119" />
            <source>Put “{token}” in place of [MASK] {n}.</source>
            <translation>[MASK] {n} 자리에 “{token}”을(를) 넣었습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="137" />
            <source>Click to mask it.</source>
            <translation>클릭하면 가립니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="37" />
            <source>Sentence</source>
            <translation>문장</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="29" />
            <source>Write [MASK] where a word should be predicted (several are allowed)</source>
            <translation>예측할 단어 자리에 [MASK]를 쓰세요 (여러 개도 됩니다)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="32" />
            <source>Predict</source>
            <translation>예측</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="33" />
            <source>Run (Enter in the box, or Ctrl+Return)</source>
            <translation>실행 (입력란에서 Enter 또는 Ctrl+Return)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="34" />
            <source>Insert [MASK]</source>
            <translation>[MASK] 넣기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="35" />
            <source>Insert [MASK] at the cursor (Ctrl+M)</source>
            <translation>커서 위치에 [MASK]를 넣습니다 (Ctrl+M)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="41" />
            <source>Tokens (click a word to mask it):</source>
            <translation>토큰 (단어를 클릭하면 가립니다):</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="44" />
            <source>[CLS] starts every input, [SEP] ends it; [MASK] marks a hidden word</source>
            <translation>[CLS]는 모든 입력의 시작, [SEP]은 끝입니다. [MASK]는 가려진 단어입니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="60" />
            <source>Top {k} predictions for each [MASK] (click one to put it in)</source>
            <translation>각 [MASK]의 상위 {k}개 예측 (클릭하면 그 단어를 넣습니다)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masked.py" line="147" />
            <source>The last layer's vector at each [MASK] goes through the MLM head; the bars are the softmax over the whole vocabulary.</source>
            <translation>각 [MASK] 자리의 마지막 층 벡터가 MLM 헤드를 거칩니다. 막대는 전체 어휘에 대한 소프트맥스 확률입니다.</translation>
        </message>
    </context>
    <context>
        <name>MaskingTab</name>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="101" />
            <source>[MASK] (80%)</source>
            <translation>[MASK] (80%)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="101" />
            <source>random token (10%)</source>
            <translation>무작위 토큰 (10%)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="102" />
            <source>kept (10%)</source>
            <translation>그대로 (10%)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="51" />
            <source>Position</source>
            <translation>위치</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="51" />
            <source>Original</source>
            <translation>원래 토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="51" />
            <source>What happened</source>
            <translation>처리</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="51" />
            <source>Model sees</source>
            <translation>모델 입력</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="52" />
            <source>Prediction</source>
            <translation>예측</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="52" />
            <source>Probability</source>
            <translation>확률</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="52" />
            <source>Correct</source>
            <translation>정답</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="121" />
            <source>Seed {seed}: {m} of {n} tokens chosen (15%): {a} became [MASK], {b} a random token, {c} stayed. The model's top guess is the original at {k} of {m}.</source>
            <translation>시드 {seed}: 토큰 {n}개 중 {m}개 선택 (15%): {a}개는 [MASK], {b}개는 무작위 토큰, {c}개는 그대로. 모델의 1순위 예측이 원래 토큰과 같은 것은 {m}개 중 {k}개입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="138" />
            <source>Chosen: {action}; the original was “{orig}”, the model predicts “{pred}”.</source>
            <translation>선택됨: {action}. 원래 토큰은 “{orig}”, 모델의 예측은 “{pred}”입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="35" />
            <source>Text</source>
            <translation>글</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="37" />
            <source>Seed</source>
            <translation>시드</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="29" />
            <source>The same seed picks the same tokens: the demo is repeatable</source>
            <translation>같은 시드는 같은 토큰을 고릅니다: 시연을 그대로 반복할 수 있습니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="31" />
            <source>Mask 15%</source>
            <translation>15% 마스킹</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="105" />
            <source>BERT's rule: choose 15% of the tokens; of those, 80% become [MASK], 10% a random token, 10% stay unchanged. The model must predict the original at every chosen position.</source>
            <translation>BERT의 규칙: 토큰의 15%를 고르고, 그중 80%는 [MASK], 10%는 무작위 토큰으로 바꾸고 10%는 그대로 둡니다. 모델은 선택된 모든 위치에서 원래 토큰을 예측해야 합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="32" />
            <source>Next seed</source>
            <translation>다음 시드</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="33" />
            <source>Seed + 1, and mask again</source>
            <translation>시드를 1 올리고 다시 마스킹합니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="111" />
            <source>(original under each chosen token)</source>
            <translation>(선택된 토큰 아래에 원래 토큰)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="61" />
            <source>What the model sees, and what it predicts</source>
            <translation>모델이 보는 입력과 모델의 예측</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="148" />
            <source>15% chosen  →  80% [MASK] · 10% random · 10% kept</source>
            <translation>15% 선택  →  80% [MASK] · 10% 무작위 · 10% 그대로</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/masking.py" line="149" />
            <source>The loss counts only the chosen tokens. Random and kept tokens make the model predict at every position, since it cannot know which ones were changed.</source>
            <translation>손실은 선택된 토큰에서만 계산합니다. 무작위로 바뀌거나 그대로 둔 토큰이 있어서 모델은 어느 토큰이 바뀌었는지 알 수 없고, 모든 위치에서 예측해야 합니다.</translation>
        </message>
    </context>
    <context>
        <name>NspTab</name>
        <message>
            <location filename="../../desktop_app/labs/bert/nsp.py" line="88" />
            <source>B follows A</source>
            <translation>B가 A 다음에 온다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/nsp.py" line="88" />
            <source>B does not follow A</source>
            <translation>B는 A 다음 문장이 아니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/nsp.py" line="89" />
            <source>P(IsNext) = {p}: the model says {verdict}.</source>
            <translation>P(IsNext) = {p}: 모델의 판단은 ‘{verdict}’입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/nsp.py" line="100" />
            <source>Segment {s}: [CLS], sentence A and its [SEP] are segment 0; sentence B and its [SEP] are segment 1.</source>
            <translation>세그먼트 {s}: [CLS], 문장 A와 그 [SEP]은 세그먼트 0, 문장 B와 그 [SEP]은 세그먼트 1입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/nsp.py" line="31" />
            <source>Sentence A</source>
            <translation>문장 A</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/nsp.py" line="32" />
            <source>Sentence B</source>
            <translation>문장 B</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/nsp.py" line="27" />
            <source>Examples…</source>
            <translation>예시…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/nsp.py" line="40" />
            <source>Check</source>
            <translation>판단</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/nsp.py" line="41" />
            <source>Run (Enter in the box, or Ctrl+Return)</source>
            <translation>실행 (입력란에서 Enter 또는 Ctrl+Return)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/nsp.py" line="63" />
            <source>Input: [CLS] A [SEP] B [SEP], segment id under each token</source>
            <translation>입력: [CLS] A [SEP] B [SEP], 토큰 아래는 세그먼트 번호</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/nsp.py" line="45" />
            <source>Segment 0: [CLS], A and the first [SEP]. Segment 1: B and the last [SEP].</source>
            <translation>세그먼트 0: [CLS], A, 첫 번째 [SEP]. 세그먼트 1: B와 마지막 [SEP].</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/nsp.py" line="47" />
            <source>P(IsNext) from the NSP head, read from [CLS]</source>
            <translation>[CLS]에서 읽는 NSP 헤드의 P(IsNext)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/nsp.py" line="110" />
            <source>Half of BERT's training pairs were real next sentences, half random ones.</source>
            <translation>BERT 학습 쌍의 절반은 실제 다음 문장, 절반은 무작위 문장이었습니다.</translation>
        </message>
    </context>
    <context>
        <name>PaddingTab</name>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="131" />
            <source>mask</source>
            <translation>마스크</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="76" />
            <source>query token</source>
            <translation>쿼리 토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="76" />
            <source>key token</source>
            <translation>키 토큰</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="162" />
            <source>{n} [PAD] positions in the batch. The largest weight any query gives a [PAD] key, over every layer, head and sentence: {value}. The padded columns are exactly 0.</source>
            <translation>배치에 [PAD] 위치가 {n}개 있습니다. 모든 층, 헤드, 문장에서 쿼리가 [PAD] 키에 주는 가중치의 최댓값: {value}. 패딩 열은 정확히 0입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="39" />
            <source>Sentences
(one per line)</source>
            <translation>문장
(한 줄에 하나)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="25" />
            <source>Up to {n} sentences of different lengths</source>
            <translation>길이가 다른 문장 최대 {n}개</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="41" />
            <source>Run batch</source>
            <translation>배치 실행</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="42" />
            <source>Run (Enter in the box, or Ctrl+Return)</source>
            <translation>실행 (입력란에서 Enter 또는 Ctrl+Return)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="44" />
            <source>Sentence</source>
            <translation>문장</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="45" />
            <source>Layer</source>
            <translation>층</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="46" />
            <source>Head</source>
            <translation>헤드</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="56" />
            <source>The batch, and under each sentence its attention mask: 1 = real token, 0 = [PAD]. Click a sentence to show its attention.</source>
            <translation>배치와 각 문장 아래의 어텐션 마스크: 1 = 실제 토큰, 0 = [PAD]. 문장을 클릭하면 그 어텐션을 보여 줍니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="75" />
            <source>Press Run batch: one sentence's attention appears here.</source>
            <translation>배치 실행을 누르면 한 문장의 어텐션이 여기에 나옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="87" />
            <source>Padding: shorter sentences are filled with [PAD] up to the longest</source>
            <translation>패딩: 짧은 문장은 가장 긴 문장 길이까지 [PAD]로 채웁니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/padding.py" line="181" />
            <source>The attention mask sets the scores of [PAD] keys to the most negative number before the softmax, so they get weight exactly 0 and the real tokens' results do not depend on the padding.</source>
            <translation>어텐션 마스크는 소프트맥스 전에 [PAD] 키의 점수를 가장 작은 수로 바꿉니다. 그래서 가중치가 정확히 0이 되고, 실제 토큰의 결과는 패딩에 영향을 받지 않습니다.</translation>
        </message>
    </context>
    <context>
        <name>PictureChooser</name>
        <message>
            <location filename="../../desktop_app/labs/caption/pictures.py" line="103" />
            <source>Open a picture</source>
            <translation>그림 열기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/pictures.py" line="104" />
            <source>Pictures ({patterns});;All files (*)</source>
            <translation>그림 ({patterns});;모든 파일 (*)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/pictures.py" line="126" />
            <source>pasted picture</source>
            <translation>붙여 넣은 그림</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/pictures.py" line="54" />
            <source>Open picture…</source>
            <translation>그림 열기…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/pictures.py" line="55" />
            <source>PNG, JPEG, WebP, BMP, GIF or TIFF (Ctrl+O). You can also drag a file onto the lab or paste a picture (Ctrl+V).</source>
            <translation>PNG, JPEG, WebP, BMP, GIF 또는 TIFF (Ctrl+O). 파일을 실습 화면에 끌어다 놓거나 그림을 붙여 넣을 수도 있습니다 (Ctrl+V).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/pictures.py" line="58" />
            <source>Paste</source>
            <translation>붙여넣기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/pictures.py" line="66" />
            <source>Samples:</source>
            <translation>샘플:</translation>
        </message>
    </context>
    <context>
        <name>PositionalLab</name>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="39" />
            <source>The model dimension d must be between {lo} and {hi}; {d} was refused.</source>
            <translation>모델 차원 d는 {lo}에서 {hi} 사이여야 합니다. {d}은(는) 쓸 수 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="41" />
            <source>The model dimension d must be even, because each sin/cos pair uses two dimensions; {d} is odd.</source>
            <translation>모델 차원 d는 짝수여야 합니다. sin/cos 한 쌍이 차원 두 개를 쓰기 때문입니다. {d}은(는) 홀수입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="43" />
            <source>The number of positions must be between 1 and {hi}; {n} was refused.</source>
            <translation>위치 개수는 1에서 {hi} 사이여야 합니다. {n}은(는) 쓸 수 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="49" />
            <source>Positional Encoding</source>
            <translation>위치 인코딩</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="51" />
            <source>Attention itself has no sense of order, so each position gets a vector of sines and cosines added to its token. Change the dimension and the number of positions, hover over a cell to see the formula with its numbers, click a column to see its wave.</source>
            <translation>어텐션 자체는 순서를 알지 못하므로, 위치마다 사인과 코사인으로 된 벡터를 만들어 토큰에 더합니다. 차원과 위치 개수를 바꿔 보고, 칸에 마우스를 올려 숫자가 채워진 공식을 보고, 열을 클릭해 그 차원의 파동을 보세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="100" />
            <source>Model dimension d</source>
            <translation>모델 차원 d</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="104" />
            <source>Positions</source>
            <translation>위치 개수</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="102" />
            <source>Pair i</source>
            <translation>쌍 i</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="106" />
            <source>Colour map</source>
            <translation>색상표</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="69" />
            <source>d: length of each position's vector (even, {lo} to {hi}). Dimensions 2i and 2i+1 form a sin/cos pair with the same wavelength.</source>
            <translation>d: 각 위치 벡터의 길이(짝수, {lo}~{hi}). 차원 2i와 2i+1은 파장이 같은 sin/cos 쌍입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="75" />
            <source>How many positions (0 to N-1) to encode, 1 to {hi}.</source>
            <translation>인코딩할 위치의 개수(위치 0부터 N-1까지), 1~{hi}.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="84" />
            <source>Which sin/cos pair to draw as waves: dimension 2i (sin) and 2i+1 (cos). Clicking a column of the heatmap chooses it too.</source>
            <translation>파동으로 그릴 sin/cos 쌍: 차원 2i(sin)와 2i+1(cos). 히트맵의 열을 클릭해도 고를 수 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="91" />
            <source>Colours of the encoding heatmap. 'diverging' shows the sign: negative blue, positive red. Right-click a colour bar for more.</source>
            <translation>인코딩 히트맵의 색입니다. 'diverging'은 부호를 보여 줍니다: 음수는 파랑, 양수는 빨강. 색상 막대를 오른쪽 클릭하면 다른 색상표도 고를 수 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="123" />
            <source>Waves of one sin/cos pair</source>
            <translation>sin/cos 한 쌍의 파동</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="128" />
            <source>Encoding: positions × dimensions</source>
            <translation>인코딩: 위치 × 차원</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="133" />
            <source>Similarity between positions (dot product)</source>
            <translation>위치 사이의 유사도 (내적)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="129" />
            <source>Row = position, column = dimension. Hover: the formula with numbers. Click: show that dimension's wave.</source>
            <translation>행은 위치, 열은 차원입니다. 마우스를 올리면 숫자가 채워진 공식을, 클릭하면 그 차원의 파동을 보여 줍니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="134" />
            <source>PE(p) · PE(q) for every pair of positions: near positions are more alike than far ones.</source>
            <translation>모든 위치 쌍의 PE(p) · PE(q): 가까운 위치끼리가 먼 위치끼리보다 더 닮았습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="124" />
            <source>Each dimension is a wave over positions; low pairs oscillate fast, high pairs slowly.</source>
            <translation>각 차원은 위치를 따라 변하는 파동입니다. 앞쪽 쌍은 빠르게, 뒤쪽 쌍은 느리게 진동합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="136" />
            <location filename="../../desktop_app/labs/positional/lab.py" line="138" />
            <source>position</source>
            <translation>위치</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="136" />
            <source>dimension</source>
            <translation>차원</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="137" />
            <source>position p</source>
            <translation>위치 p</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="137" />
            <source>position q</source>
            <translation>위치 q</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="139" />
            <source>value</source>
            <translation>값</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="141" />
            <location filename="../../desktop_app/labs/positional/lab.py" line="375" />
            <source>position {pos}, dimension {dim}: {value}</source>
            <translation>위치 {pos}, 차원 {dim}: {value}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="143" />
            <location filename="../../desktop_app/labs/positional/lab.py" line="391" />
            <source>PE({p}) · PE({q}) = {value}</source>
            <translation>PE({p}) · PE({q}) = {value}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="277" />
            <source>Pair i = {i} (dimensions {sin_dim} and {cos_dim}): wavelength = 2π·10000^({two_i}/{d}) = {wavelength} positions</source>
            <translation>쌍 i = {i} (차원 {sin_dim}, {cos_dim}): 파장 = 2π·10000^({two_i}/{d}) = {wavelength} 위치</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="281" />
            <source>dim {dim}: sin</source>
            <translation>차원 {dim}: sin</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="281" />
            <source>dim {dim}: cos</source>
            <translation>차원 {dim}: cos</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="287" />
            <source>Hover over the encoding heatmap to fill in the numbers; hover over the similarity to read a dot product.</source>
            <translation>인코딩 히트맵에 마우스를 올리면 공식에 숫자가 채워지고, 유사도 히트맵에 올리면 내적 값을 읽을 수 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="303" />
            <source>i = {i}, so dimension {dim} uses {function} with wavelength {wavelength} positions.</source>
            <translation>i = {i}이므로 차원 {dim}은(는) 파장이 {wavelength} 위치인 {function}을(를) 씁니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="310" />
            <source>It depends only on the distance |p − q| = {distance}; the largest value, d/2 = {half}, is on the diagonal.</source>
            <translation>이 값은 거리 |p − q| = {distance}에만 달려 있습니다. 가장 큰 값 d/2 = {half}는 대각선에 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="268" />
            <source>PE: {n} positions × {d} dimensions</source>
            <translation>PE: 위치 {n}개 × 차원 {d}개</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="269" />
            <source>PE · PEᵀ: {n} × {n}</source>
            <translation>PE · PEᵀ: {n} × {n}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="45" />
            <source>Could not compute the encoding: {error}</source>
            <translation>인코딩을 계산할 수 없습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/positional/lab.py" line="384" />
            <source>Showing the waves of dimension {dim} (pair i = {i}).</source>
            <translation>차원 {dim}의 파동을 보여 줍니다 (쌍 i = {i}).</translation>
        </message>
    </context>
    <context>
        <name>ResultsTab</name>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="139" />
            <source>Every English→Spanish model we ship, on the same {n} held-out Tatoeba test pairs, in the style of the Transformer paper's results table: BLEU (sacrebleu, lowercase, greedy decoding), BLEU on the long sentences only, where one fixed context vector runs out of room, the size of each model and what its training cost on our CPU. Each row is read from the metrics.json written next to the model's weights.</source>
            <translation>앱에 포함된 모든 영어→스페인어 모델을 같은 Tatoeba 시험 문장 쌍 {n}개로 비교한 표입니다 (트랜스포머 논문의 결과 표 형식). BLEU(sacrebleu, 소문자, 그리디 디코딩), 고정된 문맥 벡터 하나로는 감당하기 어려운 긴 문장만의 BLEU, 모델 크기, 그리고 우리 CPU에서의 학습 비용을 보여 줍니다. 각 행은 모델 가중치 옆에 저장된 metrics.json에서 읽습니다.</translation>
        </message>
    </context>
    <context>
        <name>ResultsTable</name>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="98" />
            <source>Transformer (d 256, 3 + 3 layers)</source>
            <translation>트랜스포머 (d 256, 3 + 3층)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="98" />
            <source>Transformer</source>
            <translation>트랜스포머</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="99" />
            <source>GRU Seq2Seq, no attention (bottleneck)</source>
            <translation>GRU Seq2Seq, 어텐션 없음 (병목)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="100" />
            <source>GRU Seq2Seq + dot attention</source>
            <translation>GRU Seq2Seq + 내적(dot) 어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="101" />
            <source>GRU Seq2Seq + general attention</source>
            <translation>GRU Seq2Seq + 일반(general) 어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="102" />
            <source>GRU Seq2Seq + additive attention</source>
            <translation>GRU Seq2Seq + 가산(additive) 어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="87" />
            <source>Model</source>
            <translation>모델</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="87" />
            <source>BLEU</source>
            <translation>BLEU</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="87" />
            <source>BLEU, 16+ source tokens</source>
            <translation>BLEU, 원문 16토큰 이상</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="87" />
            <source>Parameters</source>
            <translation>매개변수</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="88" />
            <source>Training cost</source>
            <translation>학습 비용</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="110" />
            <source>not shipped</source>
            <translation>포함되지 않음</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/results.py" line="112" />
            <source>{m:.0f} min, {e:.2f} epochs</source>
            <translation>{m:.0f}분, {e:.2f} 에폭</translation>
        </message>
    </context>
    <context>
        <name>SamplingControls</name>
        <message>
            <location filename="../../desktop_app/labs/gpt/sampling.py" line="37" />
            <source>Choice</source>
            <translation>선택 방식</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/sampling.py" line="20" />
            <source>Greedy</source>
            <translation>탐욕적</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/sampling.py" line="21" />
            <source>Sample</source>
            <translation>샘플링</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/sampling.py" line="17" />
            <source>Greedy takes the most probable token; Sample draws one at random, in proportion to its probability</source>
            <translation>탐욕적 방식은 가장 확률이 높은 토큰을, 샘플링은 확률에 비례해 무작위로 한 토큰을 고릅니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/sampling.py" line="23" />
            <source>Temperature</source>
            <translation>온도</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/sampling.py" line="25" />
            <source>Divides the scores before the softmax: below 1 sharper (safer), above 1 flatter (more surprising)</source>
            <translation>소프트맥스 전에 점수를 나눕니다. 1보다 작으면 더 뾰족하게(안전하게), 1보다 크면 더 평평하게(더 의외로) 됩니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/sampling.py" line="29" />
            <source>Top-k</source>
            <translation>상위 k</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/sampling.py" line="30" />
            <source>Draw only among the k most probable tokens (0 = all)</source>
            <translation>확률이 가장 높은 k개 토큰 중에서만 뽑기(0 = 전체)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/sampling.py" line="32" />
            <source>Seed</source>
            <translation>시드</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/sampling.py" line="33" />
            <source>The same seed draws the same tokens again</source>
            <translation>같은 시드는 같은 토큰을 다시 뽑습니다</translation>
        </message>
    </context>
    <context>
        <name>Seq2SeqLab</name>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="54" />
            <source>Seq2Seq &amp; Attention</source>
            <translation>Seq2Seq와 어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="53" />
            <source>Decode greedily until &lt;/s&gt;</source>
            <translation>&lt;/s&gt;가 나올 때까지 탐욕적으로 디코딩</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="56" />
            <source>A GRU encoder reads the English sentence; a GRU decoder writes Spanish one token at a time. With attention, each step scores every source token, turns the scores into weights (softmax) and reads a context vector from them.</source>
            <translation>GRU 인코더가 영어 문장을 읽고, GRU 디코더가 스페인어를 한 토큰씩 씁니다. 어텐션이 있으면 매 단계마다 모든 원문 토큰에 점수를 매기고, 점수를 가중치(softmax)로 바꾼 뒤 컨텍스트 벡터를 읽어 옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="87" />
            <source>Step by step</source>
            <translation>단계별 보기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="88" />
            <source>Beam search</source>
            <translation>빔 서치</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="89" />
            <source>Bottleneck</source>
            <translation>병목</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="41" />
            <source>The text was cut to its first {n} characters.</source>
            <translation>텍스트를 처음 {n}자로 잘랐습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="42" />
            <source>The sentence has {n} tokens; the model reads at most {limit}, so only the first {limit} are translated.</source>
            <translation>문장은 {n}개 토큰인데 모델은 최대 {limit}개까지만 읽으므로 처음 {limit}개만 번역합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="45" />
            <source>{n} word(s) are unknown to the model (letters it never saw, such as Hangul or emoji) and are read as &lt;unk&gt;.</source>
            <translation>{n}개 단어는 모델이 모르는 문자(한글, 이모지 등)를 포함하여 &lt;unk&gt;로 읽힙니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="198" />
            <source>finished</source>
            <translation>완료</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="198" />
            <source>step {t}</source>
            <translation>{t}단계</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="205" />
            <source>The encoder has read {n} source tokens. Press Space for the first decoder step.</source>
            <translation>인코더가 원문 토큰 {n}개를 읽었습니다. Space를 눌러 디코더의 첫 단계를 진행하세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="206" />
            <source>Row {t} sums to {total}.</source>
            <translation>{t}행의 합은 {total}입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="207" />
            <source>Without attention every step reads the same fixed summary of the source.</source>
            <translation>어텐션이 없으면 모든 단계가 원문의 같은 고정 요약을 읽습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="208" />
            <source>Step {t}: the decoder looked mostly at “{source}” ({weight}) and wrote “{token}”.</source>
            <translation>{t}단계: 디코더는 주로 “{source}”({weight})를 보고 “{token}”을 썼습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="190" />
            <source>Step {t}: “{token}” (p = {p})</source>
            <translation>{t}단계: “{token}” (p = {p})</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/lab.py" line="186" />
            <source>Forced “{token}” at step {t}; decoding continues from it.</source>
            <translation>{t}단계에서 “{token}”을 강제로 선택했습니다. 여기서부터 디코딩이 이어집니다.</translation>
        </message>
    </context>
    <context>
        <name>SidePanel</name>
        <message>
            <location filename="../../desktop_app/labs/caption/views.py" line="222" />
            <source>Most likely words at this step</source>
            <translation>이 단계에서 가장 가능성 높은 단어</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/views.py" line="223" />
            <source>Click a word to write it here instead; the caption goes on from it.</source>
            <translation>단어를 클릭하면 이 자리에 그 단어를 대신 쓰고, 캡션은 그 단어부터 이어집니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/views.py" line="255" />
            <source>Hover over the picture to read a cell's attention weight.</source>
            <translation>그림 위에 마우스를 올리면 칸의 어텐션 가중치를 볼 수 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/views.py" line="264" />
            <source>Cell (row {row}, column {col}) for “{word}”: weight {weight} — {ratio}× an even share (1/{n})</source>
            <translation>“{word}”의 칸 ({row}행, {col}열): 가중치 {weight} — 균등 몫(1/{n})의 {ratio}배</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/views.py" line="275" />
            <source>Picture: {fmt}, {w} × {h} pixels, mode {mode}.</source>
            <translation>그림: {fmt}, {w} × {h} 화소, 모드 {mode}.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/views.py" line="278" />
            <source>Turned upright by its EXIF orientation.</source>
            <translation>EXIF 방향 정보에 따라 바로 세웠습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/caption/views.py" line="279" />
            <source>The CNN saw it stretched to {side} × {side} pixels.</source>
            <translation>CNN은 이 그림을 {side} × {side} 화소로 늘여서 봤습니다.</translation>
        </message>
    </context>
    <context>
        <name>StepBar</name>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="399" />
            <source>Pause</source>
            <translation>일시 정지</translation>
        </message>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="399" />
            <source>Play</source>
            <translation>재생</translation>
        </message>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="291" />
            <source>Step ▶</source>
            <translation>한 단계 ▶</translation>
        </message>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="292" />
            <source>Emit the next token (Space, Right, Page Down or Ctrl+Right)</source>
            <translation>다음 토큰 내보내기 (Space, →, Page Down 또는 Ctrl+→)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="293" />
            <source>◀ Back</source>
            <translation>◀ 뒤로</translation>
        </message>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="294" />
            <source>Undo the last step (Left, Page Up or Ctrl+Left)</source>
            <translation>마지막 단계 되돌리기 (←, Page Up 또는 Ctrl+←)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="295" />
            <source>Step automatically at the chosen speed</source>
            <translation>정한 속도로 자동으로 진행</translation>
        </message>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="298" />
            <source>|◀ Reset</source>
            <translation>|◀ 처음으로</translation>
        </message>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="299" />
            <source>Back to the first step (Home)</source>
            <translation>첫 단계로 돌아가기 (Home)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="300" />
            <source>To the end ▶|</source>
            <translation>끝까지 ▶|</translation>
        </message>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="301" />
            <source>Decode until the end (End)</source>
            <translation>끝까지 디코딩 (End)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="320" />
            <source>Speed</source>
            <translation>속도</translation>
        </message>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="302" />
            <source> steps/s</source>
            <translation> 단계/초</translation>
        </message>
        <message>
            <location filename="../../desktop_app/kit/steps.py" line="303" />
            <source>How many steps Play takes per second</source>
            <translation>재생할 때 1초에 진행할 단계 수</translation>
        </message>
    </context>
    <context>
        <name>StepTab</name>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="185" />
            <source>Alignment</source>
            <translation>정렬</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="186" />
            <source>Context vector</source>
            <translation>컨텍스트 벡터</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="197" />
            <source>The plain model has no attention: the decoder never looks back at the source words. Its only knowledge of the sentence is the encoder's final state h_S (below), one vector of {h} numbers for the whole sentence.</source>
            <translation>plain 모델에는 어텐션이 없습니다. 디코더는 원문 단어를 다시 보지 않습니다. 문장에 대해 아는 것은 인코더의 마지막 상태 h_S (아래) 뿐이며, 문장 전체가 숫자 {h}개짜리 벡터 하나입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="200" />
            <source>No attention (plain model)</source>
            <translation>어텐션 없음 (plain 모델)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="211" />
            <source>Alignment: {t} generated × {s} source tokens (row = one decoder step, sums to 1)</source>
            <translation>정렬: 생성 토큰 {t}개 × 원문 토큰 {s}개 (행 = 디코더 한 단계, 합은 1)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="218" />
            <source>The only context: the encoder's final state h_S ({h} units)</source>
            <translation>유일한 컨텍스트: 인코더의 마지막 상태 h_S (유닛 {h}개)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="222" />
            <source>Context vector c_{t} = Σ_j a_{t}j h_j of step {t} (“{token}”)</source>
            <translation>{t}단계의 컨텍스트 벡터 c_{t} = Σ_j a_{t}j h_j (“{token}”)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="226" />
            <source>Context vector (take a step)</source>
            <translation>컨텍스트 벡터 (한 단계 진행하세요)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="57" />
            <source>Press Step: each row will show where the decoder looks</source>
            <translation>한 단계를 누르면 행마다 디코더가 어디를 보는지 나옵니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="86" />
            <source>Take a step to see the candidates.</source>
            <translation>한 단계 진행하면 후보가 보입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="240" />
            <source>Step {t}: chose “{token}” (p = {p}){forced}. Click another candidate to force it.</source>
            <translation>{t}단계: “{token}” 선택 (p = {p}){forced}. 다른 후보를 클릭하면 그 토큰을 강제로 선택합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="243" />
            <source>, forced by hand</source>
            <translation>, 손으로 강제함</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="244" />
            <source>, attention set by hand</source>
            <translation>, 어텐션을 직접 지정함</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="59" />
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="263" />
            <source>a({target}, {source}) = {value}</source>
            <translation>a({target}, {source}) = {value}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="270" />
            <source>What if step {t} looked at “{source}”? It would write “{token}” (p = {p}).</source>
            <translation>{t}단계가 “{source}”를 봤다면? “{token}”을 썼을 것입니다 (p = {p}).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="82" />
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="283" />
            <source>unit {unit}: {value}</source>
            <translation>유닛 {unit}: {value}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="95" />
            <source>Next-token candidates</source>
            <translation>다음 토큰 후보</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="109" />
            <source>What if it looked here?</source>
            <translation>여기를 봤다면?</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="110" />
            <source>Click a source token (a column of the alignment) to put all of the next step's attention on it and compare the next token before and after.</source>
            <translation>원문 토큰(정렬 히트맵의 열)을 클릭하면 다음 단계의 어텐션을 모두 그 토큰에 두고, 바뀌기 전과 후의 다음 토큰을 비교합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="96" />
            <source>The most probable tokens at this step. Click one to force it (teacher forcing by hand); decoding continues from it.</source>
            <translation>이 단계에서 확률이 가장 높은 토큰들입니다. 하나를 클릭하면 그 토큰을 강제로 선택하고 (손으로 하는 교사 강요), 그 토큰에서 디코딩이 이어집니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="54" />
            <source>generated token (step)</source>
            <translation>생성된 토큰 (단계)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/step_tab.py" line="55" />
            <source>source token</source>
            <translation>원문 토큰</translation>
        </message>
    </context>
    <context>
        <name>TimingTab</name>
        <message>
            <location filename="../../desktop_app/labs/transformer/timing_tab.py" line="108" />
            <source>The timing failed: {error}</source>
            <translation>시간 측정에 실패했습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/timing_tab.py" line="127" />
            <source>Timing the encoders…</source>
            <translation>인코더 시간을 재는 중…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/timing_tab.py" line="128" />
            <source>Press Run: the time of each encoder for N = 8 … 512 appears here.</source>
            <translation>실행을 누르면 N = 8 … 512에서 인코더마다 걸린 시간이 여기에 나옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/timing_tab.py" line="138" />
            <source>At N = {n}: the Transformer encoder took {t} ms for all {n} positions at once; the GRU took {g} ms for {n} steps, one after another ({ratio}× the time).</source>
            <translation>N = {n}일 때: 트랜스포머 인코더는 {n}개 위치 전체를 한 번에 {t} ms에 계산했고, GRU는 {n}단계를 하나씩 차례로 {g} ms에 계산했습니다 ({ratio}배의 시간).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/timing_tab.py" line="35" />
            <source>Run</source>
            <translation>실행</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/timing_tab.py" line="37" />
            <source>Cancel</source>
            <translation>취소</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/timing_tab.py" line="51" />
            <source>Time to encode N tokens (ms, log scale)</source>
            <translation>토큰 N개를 인코딩하는 시간 (ms, 로그 눈금)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/timing_tab.py" line="43" />
            <source>N tokens</source>
            <translation>토큰 수 N</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/timing_tab.py" line="44" />
            <source>ms</source>
            <translation>ms</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/timing_tab.py" line="45" />
            <source>Transformer encoder (one pass)</source>
            <translation>트랜스포머 인코더 (한 번에)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/timing_tab.py" line="46" />
            <source>GRU (N steps)</source>
            <translation>GRU (N단계)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/timing_tab.py" line="31" />
            <source>The Transformer encoder computes all N positions at once: one matrix product per layer. A GRU must wait for h_{t-1} before it can compute h_t, so it takes N steps one after another. Run times both on this computer for N = 8 … 512.</source>
            <translation>트랜스포머 인코더는 N개 위치를 모두 한 번에 계산합니다: 층마다 행렬 곱 한 번. GRU는 h_t를 계산하려면 h_{t-1}을 기다려야 하므로 N단계를 차례로 거칩니다. 실행을 누르면 이 컴퓨터에서 N = 8 … 512에 대해 둘의 시간을 잽니다.</translation>
        </message>
    </context>
    <context>
        <name>TrainingControls</name>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="53" />
            <source>What to learn</source>
            <translation>학습할 내용</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="57" />
            <source>Model settings</source>
            <translation>모델 설정</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="62" />
            <source>Run</source>
            <translation>실행</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="86" />
            <source>copy</source>
            <translation>복사</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="86" />
            <source>reverse</source>
            <translation>뒤집기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="86" />
            <source>sort</source>
            <translation>정렬하기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="87" />
            <source>date format</source>
            <translation>날짜 형식</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="87" />
            <source>EN→ES slice</source>
            <translation>영→스 일부</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="90" />
            <source>GRU, no attention</source>
            <translation>GRU, 어텐션 없음</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="90" />
            <source>GRU, dot attention</source>
            <translation>GRU, 내적(dot) 어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="91" />
            <source>GRU, general attention</source>
            <translation>GRU, general 어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="91" />
            <source>GRU, additive attention</source>
            <translation>GRU, 덧셈(additive) 어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="92" />
            <source>small Transformer</source>
            <translation>작은 트랜스포머</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="55" />
            <source>Task</source>
            <translation>과제</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="56" />
            <source>Model</source>
            <translation>모델</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="59" />
            <source>Hidden size</source>
            <translation>은닉 크기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="60" />
            <source>Learning rate</source>
            <translation>학습률</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="61" />
            <source>Seed</source>
            <translation>시드</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="27" />
            <source>copy: a b c → a b c; reverse: a b c → c b a; sort: c a b → a b c; date format: 5 March 2021 → 2021-03-05; EN→ES: a slice of the Tatoeba sentence pairs.</source>
            <translation>복사: a b c → a b c, 뒤집기: a b c → c b a, 정렬하기: c a b → a b c, 날짜 형식: 5 March 2021 → 2021-03-05, 영→스: Tatoeba 문장 쌍의 일부.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="43" />
            <source>Compare with and without attention</source>
            <translation>어텐션 있을 때와 없을 때 비교</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="44" />
            <source>Two runs side by side, same task and seed: the chosen model and a GRU without attention.</source>
            <translation>같은 과제와 시드로 두 실행을 나란히 봅니다: 고른 모델과 어텐션 없는 GRU.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="39" />
            <source>Adam's learning rate, e.g. 0.002</source>
            <translation>Adam의 학습률, 예: 0.002</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="46" />
            <source>Start</source>
            <translation>시작</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="47" />
            <source>Train from scratch with these settings</source>
            <translation>이 설정으로 처음부터 학습합니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="48" />
            <source>Pause</source>
            <translation>일시 정지</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="49" />
            <source>Resume</source>
            <translation>계속</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="50" />
            <source>Reset</source>
            <translation>초기화</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/controls.py" line="51" />
            <source>Save run…</source>
            <translation>실행 저장…</translation>
        </message>
    </context>
    <context>
        <name>TrainingLab</name>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="33" />
            <source>There is no task “{task}”; choose one of {tasks}.</source>
            <translation>“{task}” 과제는 없습니다. {tasks} 중에서 고르세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="34" />
            <source>There is no model “{model}”; choose one of {models}.</source>
            <translation>“{model}” 모델은 없습니다. {models} 중에서 고르세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="36" />
            <source>The hidden size must be a whole number from {lo} to {hi}; {value} was refused.</source>
            <translation>은닉 크기는 {lo}에서 {hi} 사이의 정수여야 합니다. {value}은(는) 받아들이지 않았습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="39" />
            <source>The learning rate must be a number from {lo} to {hi} (e.g. 0.002); “{value}” was refused.</source>
            <translation>학습률은 {lo}에서 {hi} 사이의 수여야 합니다(예: 0.002). “{value}”은(는) 받아들이지 않았습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="42" />
            <source>The seed must be a whole number from 0 to {hi}; {value} was refused.</source>
            <translation>시드는 0에서 {hi} 사이의 정수여야 합니다. {value}은(는) 받아들이지 않았습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="44" />
            <source>The number of training steps must be from 0 to {hi}; {value} was refused.</source>
            <translation>학습 단계 수는 0에서 {hi} 사이여야 합니다. {value}은(는) 받아들이지 않았습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="46" />
            <source>These settings cannot be trained: {error}</source>
            <translation>이 설정으로는 학습할 수 없습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="47" />
            <source>Training stopped: {error}</source>
            <translation>학습이 멈췄습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="48" />
            <source>The probe cannot be read ({error}); the previous one stays.</source>
            <translation>탐침 입력을 읽을 수 없습니다({error}). 이전 입력을 그대로 씁니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="50" />
            <source>Saved to {folder} (model.safetensors, config.json, metrics.json).</source>
            <translation>{folder}에 저장했습니다(model.safetensors, config.json, metrics.json).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="54" />
            <source>Could not save the run: {error}</source>
            <translation>실행을 저장하지 못했습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="231" />
            <source>Save run to a folder</source>
            <translation>실행을 저장할 폴더</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="303" />
            <source>Snapshot {i} of {n}</source>
            <translation>스냅숏 {i} / {n}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="52" />
            <source>A GRU run opens in the Seq2Seq lab: its Open… button next to the model list.</source>
            <translation>GRU 실행은 Seq2Seq 실습에서 열 수 있습니다: 모델 목록 옆의 열기… 버튼을 누르세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="307" />
            <source>Step {step}: no attention, so no alignment to draw: the decoder sees only the encoder's last state. Exact match {exact}.</source>
            <translation>{step}단계: 어텐션이 없어서 그릴 정렬이 없습니다. 디코더는 인코더의 마지막 상태만 봅니다. 정확 일치 {exact}.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="310" />
            <source>step {step}: exact {exact}, alignment mass {mass}</source>
            <translation>{step}단계: 정확 일치 {exact}, 정렬 질량 {mass}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="316" />
            <source>Starting…</source>
            <translation>시작하는 중…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="319" />
            <source>training</source>
            <translation>학습 중</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="319" />
            <source>paused</source>
            <translation>일시 정지</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="320" />
            <source>{name}: step {step}, {seconds} s, exact {exact}</source>
            <translation>{name}: {step}단계, {seconds}초, 정확 일치 {exact}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="330" />
            <source>Transformer</source>
            <translation>트랜스포머</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="331" />
            <source>GRU, {attention}</source>
            <translation>GRU, {attention}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="332" />
            <source>no attention</source>
            <translation>어텐션 없음</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="336" />
            <source>train loss</source>
            <translation>학습 손실</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="336" />
            <source>held-out loss</source>
            <translation>검증 손실</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="337" />
            <source>exact % ({name})</source>
            <translation>정확 일치 % ({name})</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="338" />
            <source>alignment mass (%)</source>
            <translation>정렬 질량(%)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="340" />
            <location filename="../../desktop_app/labs/training/lab.py" line="341" />
            <source>Alignment of the probe: {name}</source>
            <translation>탐침 입력의 정렬: {name}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="58" />
            <source>Training</source>
            <translation>학습</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="60" />
            <source>Train a small model live and watch attention learn where to look: on reverse, the alignment turns from uniform weights into the anti-diagonal. Compare runs the same task without attention.</source>
            <translation>작은 모델을 실시간으로 학습시키며 어텐션이 어디를 볼지 배우는 과정을 지켜봅니다. 뒤집기 과제에서는 정렬이 균일한 가중치에서 반대 대각선으로 바뀝니다. 비교는 같은 과제를 어텐션 없이도 학습시킵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="82" />
            <source>Press Start: the loss and exact-match curves, the alignment of the probe input and the accuracy by input length appear here and are redrawn as the model learns.</source>
            <translation>시작을 누르세요. 손실 곡선과 정확 일치 곡선, 탐침 입력의 정렬, 입력 길이별 정확도가 여기에 나타나고 모델이 배우는 동안 다시 그려집니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="104" />
            <source>Alignment of the probe</source>
            <translation>탐침 입력의 정렬</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="107" />
            <source>Alignment of the probe without attention</source>
            <translation>어텐션 없는 모델의 탐침 정렬</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="110" />
            <source>Loss and held-out exact match</source>
            <translation>손실과 검증 정확 일치</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="113" />
            <source>Held-out exact match by input length</source>
            <translation>입력 길이별 검증 정확 일치</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="134" />
            <source>Move the timeline to replay how the model learned</source>
            <translation>타임라인을 움직여 모델이 배운 과정을 다시 보세요</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="145" />
            <source>Probe</source>
            <translation>탐침 입력</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="140" />
            <source>The input whose attention is drawn; press Enter to use it</source>
            <translation>어텐션을 그릴 입력입니다. Enter를 누르면 적용됩니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="91" />
            <source>output</source>
            <translation>출력</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="91" />
            <source>input</source>
            <translation>입력</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="93" />
            <source>The probe's alignment appears after the first moments of training.</source>
            <translation>학습이 조금 진행되면 탐침 문장의 정렬이 나옵니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="95" />
            <location filename="../../desktop_app/labs/training/lab.py" line="96" />
            <source>step</source>
            <translation>단계</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/training/lab.py" line="98" />
            <source>input length</source>
            <translation>입력 길이</translation>
        </message>
    </context>
    <context>
        <name>TransformerLab</name>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="210" />
            <source>The model “{model}” is not installed; the lesson goes on with “{current}”.</source>
            <translation>모델 “{model}”이(가) 설치되어 있지 않아 “{current}” 모델로 수업을 계속합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/kinds.py" line="10" />
            <source>Encoder self-attention</source>
            <translation>인코더 셀프 어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/kinds.py" line="11" />
            <source>Decoder masked self-attention</source>
            <translation>디코더 마스크드 셀프 어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/kinds.py" line="12" />
            <source>Cross-attention</source>
            <translation>크로스 어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="97" />
            <location filename="../../desktop_app/labs/transformer/lab.py" line="322" />
            <source>Step {t}, done</source>
            <translation>{t}단계, 완료</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="324" />
            <source>Step {t}</source>
            <translation>{t}단계</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="327" />
            <source>Source: {source}   →   {output}</source>
            <translation>원문: {source}   →   {output}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="330" />
            <source>Translation so far: {text}</source>
            <translation>지금까지의 번역: {text}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="45" />
            <source>Type a sentence to translate: the box is empty.</source>
            <translation>번역할 문장을 입력하세요: 입력란이 비어 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="46" />
            <source>Could not load the model {model}: {error}</source>
            <translation>모델 {model}을(를) 불러올 수 없습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="47" />
            <source>The translation failed: {error}</source>
            <translation>번역에 실패했습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="48" />
            <source>No Transformer model was found in {folder}.</source>
            <translation>{folder}에서 트랜스포머 모델을 찾지 못했습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="50" />
            <source>The input was too long: only its first {n} tokens are used.</source>
            <translation>입력이 너무 깁니다: 앞의 {n}개 토큰만 사용합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="52" />
            <source>{unk} of the {n} source tokens are unknown to this model and shown as &lt;unk&gt;: it only knows the words of its training sentences.</source>
            <translation>원문 토큰 {n}개 중 {unk}개는 이 모델이 모르는 단어라서 &lt;unk&gt;로 표시됩니다: 모델은 학습 문장에 나온 단어만 압니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="97" />
            <location filename="../../desktop_app/labs/transformer/lab.py" line="353" />
            <location filename="../../desktop_app/labs/transformer/lab.py" line="354" />
            <location filename="../../desktop_app/labs/transformer/lab.py" line="381" />
            <source>Loading the model…</source>
            <translation>모델을 불러오는 중…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="363" />
            <source>sentences generated by a small Korean/English grammar written in this project (engine/train/ko_en_grammar.py: subjects, objects, places, verbs, tenses), not real-world text</source>
            <translation>이 프로젝트에서 작성한 작은 한국어/영어 문법(engine/train/ko_en_grammar.py: 주어, 목적어, 장소, 동사, 시제)으로 생성한 문장. 실제 문장이 아닙니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="366" />
            <source>the Tatoeba English–Spanish sentence pairs (CC-BY 2.0 FR)</source>
            <translation>Tatoeba 영어–스페인어 문장 쌍 (CC-BY 2.0 FR)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="370" />
            <source>Model {model} was trained only on {source}. Words it never saw become &lt;unk&gt;, and sentences unlike its training data may translate oddly.</source>
            <translation>모델 {model}은(는) 다음 데이터로만 학습했습니다: {source}. 본 적 없는 단어는 &lt;unk&gt;가 되고, 학습 데이터와 다른 문장은 이상하게 번역될 수 있습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="373" />
            <source>Model {model}: no description of its training data.</source>
            <translation>모델 {model}: 학습 데이터 설명이 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="58" />
            <source>Transformer</source>
            <translation>트랜스포머</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="60" />
            <source>Translate one token at a time and watch every attention map: the encoder's self-attention, the decoder's masked self-attention and its cross-attention to the source. Click a head to see it large, a candidate to force it.</source>
            <translation>한 번에 토큰 하나씩 번역하며 모든 어텐션 맵을 봅니다: 인코더 셀프 어텐션, 디코더 마스크드 셀프 어텐션, 원문에 대한 크로스 어텐션. 헤드를 클릭하면 크게 보이고, 후보를 클릭하면 그 토큰을 강제로 선택합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="103" />
            <source>Sentence</source>
            <translation>문장</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="106" />
            <source>Model</source>
            <translation>모델</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="87" />
            <source>Translate</source>
            <translation>번역</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="88" />
            <source>Encode the sentence and start decoding (Enter in the box)</source>
            <translation>문장을 인코딩하고 디코딩을 시작합니다 (입력란에서 Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="74" />
            <source>Type a sentence or pick an example; Enter starts over</source>
            <translation>문장을 입력하거나 예문을 고르세요. Enter를 누르면 처음부터 다시 시작합니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="78" />
            <source>Transformer models found in {folder}</source>
            <translation>{folder}에서 찾은 트랜스포머 모델</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="127" />
            <source>Attention maps</source>
            <translation>어텐션 맵</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="128" />
            <source>Q, K, V drill-down</source>
            <translation>Q, K, V 자세히 보기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="129" />
            <source>Parallel vs sequential</source>
            <translation>병렬 대 순차</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="130" />
            <source>Results</source>
            <translation>결과</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="131" />
            <source>What if</source>
            <translation>만약에</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/lab.py" line="139" />
            <source>Masked self-attention sets the scores of future tokens to −∞ before the softmax, so their weights are exactly 0. Cross-attention: Q from the decoder, K and V from the encoder output.</source>
            <translation>마스크드 셀프 어텐션은 softmax 전에 미래 토큰의 점수를 −∞로 바꾸므로 그 가중치는 정확히 0입니다. 크로스 어텐션: Q는 디코더에서, K와 V는 인코더 출력에서 옵니다.</translation>
        </message>
    </context>
    <context>
        <name>TranslationControls</name>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="18" />
            <source>No trained seq2seq model was found in {folder}. Train one with `python -m engine.train.seq2seq` or install the app's model files.</source>
            <translation>{folder}에서 학습된 seq2seq 모델을 찾지 못했습니다. `python -m engine.train.seq2seq`로 학습하거나 앱의 모델 파일을 설치하세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="21" />
            <source>Loading the {name} model…</source>
            <translation>{name} 모델을 불러오는 중…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="22" />
            <source>Could not load the {name} model: {error}</source>
            <translation>{name} 모델을 불러올 수 없습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="23" />
            <source>Type an English sentence to translate (the box is empty).</source>
            <translation>번역할 영어 문장을 입력하세요 (입력란이 비어 있습니다).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="25" />
            <source>This sentence cannot be translated: {error}</source>
            <translation>이 문장은 번역할 수 없습니다: {error}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="27" />
            <source>“{folder}” is not a Seq2Seq model folder: it needs config.json and model.safetensors (the Training lab's Save run… writes both).</source>
            <translation>“{folder}”는 Seq2Seq 모델 폴더가 아닙니다: config.json과 model.safetensors가 있어야 합니다(학습 실습의 실행 저장…이 둘 다 씁니다).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="143" />
            <source>Open a Seq2Seq model folder</source>
            <translation>Seq2Seq 모델 폴더 열기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="160" />
            <source>No attention: the decoder starts from the encoder's last state h_S and never looks back at the source. Everything must pass through one fixed vector (the bottleneck).</source>
            <translation>어텐션 없음: 디코더는 인코더의 마지막 상태 h_S에서 시작하고 원문을 다시 보지 않습니다. 모든 정보가 고정된 벡터 하나를 거쳐야 합니다 (병목).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="162" />
            <source>Dot-product score (Luong): e = s · h. No parameters; the decoder state and the encoder state must live in the same space.</source>
            <translation>내적 점수 (Luong): e = s · h. 파라미터가 없으며, 디코더 상태와 인코더 상태가 같은 공간에 있어야 합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="164" />
            <source>General (bilinear) score (Luong): e = sᵀ W h, with a learned matrix W.</source>
            <translation>일반(쌍선형) 점수 (Luong): e = sᵀ W h, W는 학습되는 행렬입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="165" />
            <source>Additive score (Bahdanau): e = vᵀ tanh(W_1 s + W_2 h), a small one-layer network scoring each pair.</source>
            <translation>덧셈 점수 (Bahdanau): e = vᵀ tanh(W_1 s + W_2 h), 각 쌍의 점수를 매기는 작은 1층 신경망입니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="67" />
            <source>Sentence</source>
            <translation>문장</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="37" />
            <source>Type an English sentence or choose an example, then press Enter.</source>
            <translation>영어 문장을 입력하거나 예문을 고른 뒤 Enter를 누르세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="50" />
            <source>Translate</source>
            <translation>번역</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="51" />
            <source>Encode this sentence and start decoding from the first step.</source>
            <translation>이 문장을 인코딩하고 첫 단계부터 디코딩을 시작합니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="71" />
            <source>Model</source>
            <translation>모델</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="55" />
            <source>The attention score of the model (hover over an entry for its formula).</source>
            <translation>모델의 어텐션 점수 함수 (항목 위에 마우스를 올리면 수식이 보입니다).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="59" />
            <source>Open…</source>
            <translation>열기…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_controls.py" line="60" />
            <source>Open a Seq2Seq model folder of your own, e.g. a run saved by the Training lab (config.json + model.safetensors)</source>
            <translation>직접 가진 Seq2Seq 모델 폴더를 엽니다. 예: 학습 실습에서 저장한 실행(config.json + model.safetensors)</translation>
        </message>
    </context>
    <context>
        <name>TranslationFrame</name>
        <message>
            <location filename="../../desktop_app/sessions/seq2seq_frame.py" line="89" />
            <source>The model “{model}” is not installed; the lesson goes on with “{current}”.</source>
            <translation>모델 “{model}”이(가) 설치되어 있지 않아 “{current}” 모델로 수업을 계속합니다.</translation>
        </message>
    </context>
    <context>
        <name>WelcomePage</name>
        <message>
            <location filename="../../desktop_app/lessons/welcome.py" line="82" />
            <source>{n}. {title}
    {description}  ({steps} steps: {labs})</source>
            <translation>{n}. {title}
    {description}  ({steps}단계: {labs})</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/welcome.py" line="86" />
            <source>Lesson files that could not be read:</source>
            <translation>읽을 수 없는 수업 파일:</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/welcome.py" line="24" />
            <source>Welcome to Attention Lab</source>
            <translation>어텐션 랩에 오신 것을 환영합니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/welcome.py" line="28" />
            <source>Each lesson walks through one idea of the course, step by step, in the labs. Choose one and press Enter. In a lesson: Space or → next, ← back, Home first step, Esc leave. F5: presenter mode (full screen, large text).</source>
            <translation>각 수업은 강의의 한 가지 개념을 실험실에서 한 단계씩 따라갑니다. 하나를 고르고 Enter를 누르세요. 수업 중: Space나 → 다음, ← 이전, Home 첫 단계, Esc 나가기. F5: 발표자 모드 (전체 화면, 큰 글씨).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/welcome.py" line="42" />
            <source>Start lesson</source>
            <translation>수업 시작</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/welcome.py" line="45" />
            <source>Open lesson file…</source>
            <translation>수업 파일 열기…</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/welcome.py" line="47" />
            <source>Go to the labs</source>
            <translation>실험실로 가기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/lessons/welcome.py" line="49" />
            <source>Show this page at start</source>
            <translation>시작할 때 이 화면 보이기</translation>
        </message>
    </context>
    <context>
        <name>WhatIfPanel</name>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="87" />
            <source>Click a source token (a column of the alignment): what would the next step write if all its attention went there?</source>
            <translation>원문 토큰(정렬 히트맵의 열)을 클릭하세요: 다음 단계의 어텐션이 모두 그 토큰으로 간다면 무엇을 쓸까요?</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="89" />
            <source>The plain model has no attention to move.</source>
            <translation>plain 모델에는 옮길 어텐션이 없습니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="90" />
            <source>The translation has ended; go back a step to try another attention.</source>
            <translation>번역이 끝났습니다. 다른 어텐션을 시험하려면 한 단계 뒤로 가세요.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="99" />
            <source>Step {t} with all of its attention on “{source}” (source token {j})</source>
            <translation>{t}단계의 어텐션을 모두 “{source}”(원문 토큰 {j})에 둘 때</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="101" />
            <source>All on “{source}”</source>
            <translation>모두 “{source}”에</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="103" />
            <source>Step {t} with {share} of its attention moved onto “{source}” (source token {j})</source>
            <translation>{t}단계 어텐션의 {share}를 “{source}”(원문 토큰 {j})로 옮길 때</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="106" />
            <source>{share} on “{source}”</source>
            <translation>“{source}”에 {share}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="107" />
            <source>Model's attention</source>
            <translation>모델의 어텐션</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="112" />
            <source>The next token changes: “{before}” (p = {p}) → “{after}” (p = {q}).</source>
            <translation>다음 토큰이 바뀝니다: “{before}” (p = {p}) → “{after}” (p = {q}).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="116" />
            <source>The next token stays “{token}”: p = {p} → {q}.</source>
            <translation>다음 토큰은 그대로 “{token}”입니다: p = {p} → {q}.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="124" />
            <source>Share moved: {share}</source>
            <translation>옮긴 비율: {share}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="41" />
            <source>How much of the model's attention row moves onto the chosen source token (100%: all of it).</source>
            <translation>모델의 어텐션 행 중 얼마를 선택한 원문 토큰으로 옮길지 정합니다(100%: 전부).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="46" />
            <source>Take this step</source>
            <translation>이 단계 진행</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/seq2seq/whatif_view.py" line="47" />
            <source>Write the next token with this attention (its row is marked in the alignment); Back undoes it.</source>
            <translation>이 어텐션으로 다음 토큰을 씁니다(정렬에서 그 행이 표시됩니다). 뒤로를 누르면 취소됩니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="202" />
            <source>off: {heads}</source>
            <translation>꺼짐: {heads}</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="203" />
            <source>every head on</source>
            <translation>모든 헤드 켜짐</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="289" />
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="360" />
            <source>Head importance: press Importance</source>
            <translation>헤드 중요도: ‘중요도’를 누르세요</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="304" />
            <source>Head importance: change of {what} when that head alone is off (blue: the head helped; {seconds} s)</source>
            <translation>헤드 중요도: 그 헤드 하나만 껐을 때 {what}의 변화 (파랑: 도움이 된 헤드; {seconds}초)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="61" />
            <source>Switch heads off</source>
            <translation>헤드 끄기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="62" />
            <source>On: a click on a head switches it off (or on again); a click on a layer's name switches the whole layer</source>
            <translation>켜면: 헤드를 클릭하면 그 헤드를 끄거나 다시 켭니다. 층 이름을 클릭하면 층 전체를 끄거나 켭니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="66" />
            <source>Importance</source>
            <translation>중요도</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="67" />
            <source>Switch each head off alone and measure how much the prediction changes</source>
            <translation>헤드를 하나씩만 끄고 예측이 얼마나 바뀌는지 잽니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="69" />
            <source>Cancel</source>
            <translation>취소</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="72" />
            <source>All heads on</source>
            <translation>모든 헤드 켜기</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="101" />
            <source>Heads: a crossed-out head is switched off (its attention is zero)</source>
            <translation>헤드: X 표시된 헤드는 꺼져 있습니다 (어텐션이 0)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="107" />
            <source>Before and after</source>
            <translation>끄기 전과 후</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="90" />
            <source>layer {n}</source>
            <translation>{n}층</translation>
        </message>
        <message>
            <location filename="../../desktop_app/widgets/whatif_panel.py" line="90" />
            <source>head {n}</source>
            <translation>헤드 {n}</translation>
        </message>
    </context>
    <context>
        <name>WhatIfTab</name>
        <message>
            <location filename="../../desktop_app/labs/bert/whatif.py" line="32" />
            <source>Sentence</source>
            <translation>문장</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/whatif.py" line="27" />
            <source>Write [MASK] where a word should be predicted</source>
            <translation>예측할 단어 자리에 [MASK]를 쓰세요</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/whatif.py" line="34" />
            <source>Sentence B (optional)</source>
            <translation>문장 B (선택)</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/whatif.py" line="30" />
            <source>Fill in a second sentence to see P(IsNext) before and after instead</source>
            <translation>두 번째 문장을 쓰면 대신 P(IsNext)의 전과 후를 봅니다</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/whatif.py" line="36" />
            <source>Predict</source>
            <translation>예측</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/bert/whatif.py" line="101" />
            <source>A head switched off adds zeros before W_o; its importance is how much the log-probability changes when it alone is off (negative: the head helped).</source>
            <translation>꺼진 헤드는 W_o 앞에 0을 더합니다. 헤드의 중요도는 그 헤드 하나만 껐을 때 로그 확률이 얼마나 바뀌는지입니다 (음수: 도움이 된 헤드).</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/gpt/whatif_tab.py" line="40" />
            <source>The next token and the next {n} tokens (greedy) after the prompt, with every head on and with the heads you switch off; the Generate tab writes with the same heads off.</source>
            <translation>프롬프트 다음 토큰과 그 뒤 {n}개 토큰(탐욕적 선택)을, 모든 헤드를 켠 상태와 여러분이 끈 헤드로 비교합니다. 생성 탭도 같은 헤드를 끈 채로 씁니다.</translation>
        </message>
        <message>
            <location filename="../../desktop_app/labs/transformer/whatif_tab.py" line="25" />
            <source>The greedy translation of the sentence with every head on and with the heads you switch off (pick the kind of attention above the grid); the other tabs translate with the same heads off.</source>
            <translation>문장의 탐욕적 번역을, 모든 헤드를 켠 상태와 여러분이 끈 헤드로 비교합니다 (격자 위에서 어텐션 종류를 고르세요). 다른 탭도 같은 헤드를 끈 채로 번역합니다.</translation>
        </message>
    </context>
</TS>
