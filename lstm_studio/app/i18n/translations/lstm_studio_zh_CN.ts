<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AttachDialog</name>
    <message>
        <location filename="../../attach/_dialog.py" line="+26"/>
        <source>Attach to a running script</source>
        <translation>连接到运行中的脚本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The machine the script runs on (it must call ls.watch with host=&apos;0.0.0.0&apos; to be reachable from another machine).</source>
        <translation>脚本运行所在的机器（要从另一台机器连接，脚本须以 host=&apos;0.0.0.0&apos; 调用 ls.watch）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The port ls.watch publishes on (default 5557, or $LSTM_STUDIO_WATCH_PORT).</source>
        <translation>ls.watch 发布数据的端口（默认 5557，或 $LSTM_STUDIO_WATCH_PORT）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In your training script:</source>
        <translation>在你的训练脚本中：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attach</source>
        <translation>连接</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Host:</source>
        <translation>主机：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
</context>
<context>
    <name>AttachWindow</name>
    <message>
        <location filename="../../attach/_window.py" line="+56"/>
        <source>LSTM Studio — watching {host}:{port}</source>
        <translation>LSTM Studio — 正在观察 {host}:{port}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The recurrent module whose gates are shown (one at a time).</source>
        <translation>显示其门控的循环模块（一次一个）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Module:</source>
        <translation>模块：</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+64"/>
        <source>Detach</source>
        <translation>断开</translation>
    </message>
    <message>
        <location line="-64"/>
        <location line="+72"/>
        <source>Attach again</source>
        <translation>重新连接</translation>
    </message>
    <message>
        <location line="-71"/>
        <source>Stop listening; the script goes on training.</source>
        <translation>停止监听；脚本继续训练。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other scalars of ls.log</source>
        <translation>ls.log 记录的其他标量</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>&lt;b&gt;Gates&lt;/b&gt; · waiting for the first trace of the probe</source>
        <translation>&lt;b&gt;门控&lt;/b&gt; · 正在等待探针的第一次追踪</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Detached from {host}:{port}</source>
        <translation>已断开与 {host}:{port} 的连接</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&lt;b&gt;Cannot attach&lt;/b&gt;: {problem}</source>
        <translation>&lt;b&gt;无法连接&lt;/b&gt;：{problem}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source> — not traced</source>
        <translation> — 未追踪</translation>
    </message>
    <message>
        <location line="+30"/>
        <location line="+46"/>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>{module} is not traced: {problem}.</source>
        <translation>{module} 未被追踪：{problem}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{module} is a {cell}: its scalars are shown; these panels draw the gates of LSTM modules ({names} were received).</source>
        <translation>{module} 是 {cell}：显示其标量；这些面板只绘制 LSTM 模块的门控（收到的是 {names}）。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>trace = the module&apos;s own output within {gap}</source>
        <translation>追踪值与模块自身输出的误差在 {gap} 以内</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gates · {module} · probe #{number}</source>
        <translation>门控 · {module} · 探针 #{number}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source> (label {label})</source>
        <translation>（标签 {label}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Probe sequence {number}{known}: the input its module reads, steps downwards</source>
        <translation>探针序列 {number}{known}：其模块读取的输入，时间步自上而下</translation>
    </message>
</context>
<context>
    <name>Cell</name>
    <message>
        <location filename="../_core_texts.py" line="+46"/>
        <source>plain RNN (tanh): no gates</source>
        <extracomment>Every value of ``lstm_studio.cells.CELL_DESCRIPTIONS``.</extracomment>
        <translation>普通 RNN（tanh）：没有门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GRU: reset and update gates</source>
        <translation>GRU：重置门和更新门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LSTM: input, forget and output gates (PyTorch&apos;s nn.LSTM)</source>
        <translation>LSTM：输入门、遗忘门和输出门（PyTorch 的 nn.LSTM）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LSTM with peepholes: the gates also read the cell state (Gers &amp; Schmidhuber 2000)</source>
        <translation>带窥视孔连接的 LSTM：各个门还读取细胞状态（Gers 与 Schmidhuber，2000）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the original 1997 LSTM: no forget gate, the cell state only accumulates</source>
        <translation>1997 年的原始 LSTM：没有遗忘门，细胞状态只会累加</translation>
    </message>
</context>
<context>
    <name>CheckpointFiles</name>
    <message>
        <location filename="../../shell/_files.py" line="+22"/>
        <source>LSTM Studio checkpoints (*.pt *.pth);;All files (*)</source>
        <translation>LSTM Studio 检查点 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models (*.pt *.pth *.bin *.safetensors *.keras *.h5 *.hdf5 *.index *.onnx);;LSTM Studio and PyTorch (*.pt *.pth *.bin);;safetensors (*.safetensors);;Keras (*.keras *.h5 *.hdf5);;TensorFlow 1 checkpoints (*.index);;ONNX (*.onnx);;All files (*)</source>
        <translation>模型 (*.pt *.pth *.bin *.safetensors *.keras *.h5 *.hdf5 *.index *.onnx);;LSTM Studio 与 PyTorch (*.pt *.pth *.bin);;safetensors (*.safetensors);;Keras (*.keras *.h5 *.hdf5);;TensorFlow 1 检查点 (*.index);;ONNX (*.onnx);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <location line="+47"/>
        <source>New model: {cell}, %n layer(s) × {hidden} units, random weights</source>
        <translation>
            <numerusform>新模型：{cell}，%n 层 × {hidden} 个单元，随机权重</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+3"/>
        <source>Cannot open model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Opened {path}</source>
        <translation>已打开 {path}</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Exported {path}</source>
        <translation>已导出 {path}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Loaded the bundled model</source>
        <translation>已加载内置模型</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Save checkpoint</source>
        <translation>保存检查点</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+3"/>
        <source>Cannot save checkpoint</source>
        <translation>无法保存检查点</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Export model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cannot export the model</source>
        <translation>无法导出模型</translation>
    </message>
</context>
<context>
    <name>ConfusionPanel</name>
    <message>
        <location filename="../../inspect/_confusion.py" line="+81"/>
        <source>Confusion matrix (test set)</source>
        <translation>混淆矩阵（测试集）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>true label</source>
        <translation>真实标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows: true label; columns: predicted class. Colour: log of the count. Click a cell to list its digits in the browser on the left.</source>
        <translation>行：真实标签；列：预测类别。颜色：计数的对数。点击一个格子，在左侧浏览器中列出其中的数字。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source> with {weights}</source>
        <translation>，使用{weights}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accuracy {accuracy} on {count} test digits ({wrong} misclassified){source}. Click a cell to list its digits.</source>
        <translation>在 {count} 个测试数字上的准确率为 {accuracy}（{wrong} 个分类错误）{source}。点击一个格子可列出其中的数字。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Evaluation failed: {error}</source>
        <translation>评估失败：{error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The test set and its confusion matrix are for models that read digits.</source>
        <translation>测试集及其混淆矩阵只适用于读取数字的模型。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evaluating {count} test digits in the background…</source>
        <translation>正在后台评估 {count} 个测试数字…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evaluating the test set in the background…</source>
        <translation>正在后台评估测试集…</translation>
    </message>
</context>
<context>
    <name>CurvesPanel</name>
    <message>
        <location filename="../../train/_curves.py" line="+83"/>
        <source>samples seen</source>
        <translation>已见样本数</translation>
    </message>
    <message>
        <location line="+78"/>
        <location line="+8"/>
        <source>Training loss</source>
        <extracomment>The second plot&apos;s metric: accuracy in percent (digits) unless a followed run says otherwise.</extracomment>
        <translation>训练损失</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+8"/>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Waiting for the script&apos;s ls.log(step, loss=…)</source>
        <translation>正在等待脚本调用 ls.log(step, loss=…)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>as logged</source>
        <translation>记录值</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Press &lt;b&gt;Train&lt;/b&gt; (F5)&lt;br&gt;to watch it learn</source>
        <translation>按 &lt;b&gt;训练&lt;/b&gt;（F5）&lt;br&gt;观看它学习</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>held-out {metric} after each epoch</source>
        <translation>每轮结束后的留出集{metric}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>running mean</source>
        <translation>滑动平均</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+11"/>
        <source>smoothed</source>
        <translation>平滑后</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>test accuracy after each epoch</source>
        <translation>每轮结束后的测试准确率</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Running training loss and accuracy (means over the batches since the previous update),
their smoothed trend, and test accuracy after each epoch (dots), against samples seen.
The axis spans the whole run; dashed lines mark where a later run continued this model.
Right-click a plot for log scale, export and more.</source>
        <translation>训练损失与准确率的滑动值（自上次更新以来各批次的平均），
它们的平滑趋势，以及每轮结束后的测试准确率（圆点），横轴为已见样本数。
横轴覆盖整个训练过程；虚线标出之后的训练从何处接着训练这个模型。
右键点击图表可切换对数坐标、导出等。</translation>
    </message>
</context>
<context>
    <name>Data</name>
    <message>
        <location filename="../_core_texts.py" line="+110"/>
        <source>mnist</source>
        <translation>MNIST</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>mini-mnist</source>
        <translation>精简版 MNIST</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>files absent</source>
        <extracomment>Why full MNIST is not there (``MnistMissing.reason``); a download&apos;s own error stays as it is.</extracomment>
        <translation>文件不存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offline: {variable} is set</source>
        <translation>离线：已设置 {variable}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>torchvision is not installed, so MNIST cannot be downloaded</source>
        <translation>未安装 torchvision，无法下载 MNIST</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unreadable: {error}</source>
        <translation>无法读取：{error}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Full MNIST unavailable ({reason}); using the bundled mini-MNIST ({train} train / {test} test digits). Put MNIST in {folder} for full training.</source>
        <translation>无法使用完整的 MNIST（{reason}）；改用内置的精简版 MNIST（{train} 个训练 / {test} 个测试数字）。把 MNIST 放到 {folder} 即可进行完整训练。</translation>
    </message>
</context>
<context>
    <name>DataBox</name>
    <message>
        <location filename="../../train/_boxes.py" line="+45"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The digits training uses: full MNIST when it is on disk, else the bundled mini-MNIST</source>
        <translation>训练所用的数字：磁盘上有完整 MNIST 时用它，否则用内置的精简版 MNIST</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download MNIST…</source>
        <translation>下载 MNIST…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&lt;b&gt;{source}&lt;/b&gt;: {train} training / {test} test digits</source>
        <translation>&lt;b&gt;{source}&lt;/b&gt;：训练集 {train} / 测试集 {test}</translation>
    </message>
</context>
<context>
    <name>Device</name>
    <message>
        <location filename="../_core_texts.py" line="-65"/>
        <source>cpu ({threads} threads)</source>
        <extracomment>The training device as ``describe_device`` names it (``&quot;cpu (4 threads)&quot;``; CUDA&apos;s own GPU names stay).</extracomment>
        <translation>CPU（{threads} 个线程）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cpu (1 thread)</source>
        <translation>CPU（1 个线程）</translation>
    </message>
</context>
<context>
    <name>DigitCanvas</name>
    <message>
        <location filename="../../draw/_canvas.py" line="+106"/>
        <source>Draw a digit here</source>
        <extracomment>Longer strokes are thinned for display only: painting a 100,000-point stroke file took 0.5 s a repaint. The drawing keeps every point, so its classification is unchanged.</extracomment>
        <translation>在这里画一个数字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw one digit with the mouse, a pen or a finger; it is classified when you lift.
Esc or Delete clears, Ctrl+Z undoes the last stroke.</source>
        <translation>用鼠标、手写笔或手指画一个数字；抬笔时即进行分类。
按 Esc 或 Delete 清除，Ctrl+Z 撤销上一笔。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Digit drawing canvas</source>
        <translation>数字绘图画布</translation>
    </message>
</context>
<context>
    <name>DigitListModel</name>
    <message>
        <location filename="../../inspect/_testset.py" line="+51"/>
        <source>Click (or press Enter) to inspect this digit.</source>
        <translation>点击（或按回车键）检视这个数字。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{number}  label {label}</source>
        <translation>{number}  标签 {label}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{number}  label {label} → {predicted} {mark}  ({confidence})</source>
        <translation>{number}  标签 {label} → {predicted} {mark}  （{confidence}）</translation>
    </message>
</context>
<context>
    <name>DrawTab</name>
    <message>
        <location filename="../../draw/_tab.py" line="+105"/>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Use the mouse, a pen or a finger.
Esc clears · Ctrl+Z undoes a stroke.</source>
        <translation>可用鼠标、手写笔或手指。
按 Esc 清除 · Ctrl+Z 撤销一笔。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove the last stroke</source>
        <translation>删除上一笔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Erase the canvas</source>
        <translation>清空画布</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open image…</source>
        <translation>打开图片…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Classify a PNG or JPEG of a digit, dark on light or light on dark</source>
        <translation>对一张数字的 PNG 或 JPEG 图片进行分类，浅底深字或深底浅字均可</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load drawing…</source>
        <translation>加载绘图…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Load strokes from a stroke JSON file</source>
        <translation>从笔画 JSON 文件加载笔画</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save drawing…</source>
        <translation>保存绘图…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the strokes as stroke JSON (canvas pixels, y pointing down)</source>
        <translation>把笔画保存为笔画 JSON（画布像素坐标，y 轴向下）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Draw one digit, 0 to 9, in the box.&lt;/b&gt; It is classified each time you lift the pen.</source>
        <translation>&lt;b&gt;在方框中画一个数字（0 到 9）。&lt;/b&gt;每次抬笔都会重新分类。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How it works: your strokes are scaled so the ink fits a 20×20 box (with a fixed pen width) and centred by mass in a 28×28 image, the way the MNIST digits the model learned from were made. The network (an LSTM, a GRU or a plain RNN) reads that image one row per step, top to bottom; after the last row its hidden state gives the answer.</source>
        <translation>工作原理：你的笔画会被缩放，使墨迹装进 20×20 的方框（笔宽固定），再按质心居中放入 28×28 的图像，与模型所学的 MNIST 数字的制作方式相同。网络（LSTM、GRU 或普通 RNN）每个时间步读取图像的一行，自上而下；读完最后一行后，它的隐藏状态给出答案。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The digit the network reads in your drawing (a question mark when it is not sure).</source>
        <translation>网络在你的绘图中读出的数字（没有把握时显示问号）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How sure the model is: the probability of its answer.</source>
        <translation>模型的把握程度：它给出的答案的概率。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The input being classified and the model classifying it (while training: the step its weights are from).</source>
        <translation>正在分类的输入以及进行分类的模型（训练期间：其权重来自哪一步）。</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>Cannot use this image</source>
        <translation>无法使用这张图片</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Cannot load this drawing</source>
        <translation>无法加载这个绘图</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Nothing to save</source>
        <translation>没有可保存的内容</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The canvas holds no strokes: draw a digit first.</source>
        <translation>画布上没有笔画：请先画一个数字。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot save the drawing</source>
        <translation>无法保存绘图</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open an image of a digit</source>
        <translation>打开一张数字图片</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff);;All files (*)</source>
        <translation>图片 (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Load a drawing</source>
        <translation>加载绘图</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Save the drawing</source>
        <translation>保存绘图</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Stroke JSON (*.json);;All files (*)</source>
        <translation>笔画 JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The model is loading; your digit will be classified as soon as it is ready.</source>
        <translation>模型正在加载；加载完成后会立即对你的数字进行分类。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This model cannot classify the input: {problem}</source>
        <translation>这个模型无法对该输入进行分类：{problem}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Draw a digit</source>
        <translation>画一个数字</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Too small to read: draw the digit larger, filling most of the box.</source>
        <translation>太小，无法识别：请把数字画大一些，占满方框的大部分。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>image {name}</source>
        <translation>图片 {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>your drawing</source>
        <translation>你的绘图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the training run&apos;s {weights}</source>
        <translation>当前训练的{weights}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Input: {source}
Model: {model}</source>
        <translation>输入：{source}
模型：{model}</translation>
    </message>
</context>
<context>
    <name>ErrorDialogHook</name>
    <message>
        <location filename="../../shell/_errors.py" line="+59"/>
        <source>LSTM Studio: unexpected error</source>
        <translation>LSTM Studio：意外错误</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../inspect/_export.py" line="+38"/>
        <source>{name}: plots export to .png or .svg, not &apos;.{suffix}&apos;</source>
        <extracomment>Exported PNGs have twice the pixels of the screen, so they stay sharp in a slide or a report.</extracomment>
        <translation>{name}：图表只能导出为 .png 或 .svg，不能是 &apos;.{suffix}&apos;</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name}: the plot has no size yet (show its tab once, then export)</source>
        <translation>{name}：图表还没有尺寸（请先显示一次它所在的标签页，再导出）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{path}: could not write the PNG</source>
        <translation>{path}：无法写入 PNG</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>{path}: not a folder</source>
        <translation>{path}：不是文件夹</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Export gate arrays</source>
        <translation>导出门控数组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NumPy archive (*.npz);;CSV table (*.csv)</source>
        <translation>NumPy 归档 (*.npz);;CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Export every plot (PNG and SVG) into a folder</source>
        <translation>把所有图表（PNG 与 SVG）导出到一个文件夹</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{name}: gate arrays export to .npz or .csv</source>
        <translation>{name}：门控数组只能导出为 .npz 或 .csv</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+13"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Wrote the gate arrays to {path}</source>
        <translation>门控数组已写入 {path}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Wrote {count} files (PNG and SVG) to {path}</source>
        <translation>已将 {count} 个文件（PNG 与 SVG）写入 {path}</translation>
    </message>
</context>
<context>
    <name>Field</name>
    <message>
        <location filename="../_core_texts.py" line="-100"/>
        <source>input gate</source>
        <translation>输入门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>forget gate</source>
        <translation>遗忘门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>candidate</source>
        <translation>候选值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>output gate</source>
        <translation>输出门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cell state</source>
        <translation>细胞状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reset gate</source>
        <translation>重置门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>update gate</source>
        <translation>更新门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>new content</source>
        <translation>新内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hidden state</source>
        <translation>隐藏状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much of the candidate is written into the cell state (1: all of it, 0: none).</source>
        <translation>候选值有多少被写入细胞状态（1：全部写入，0：完全不写）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much of the previous cell state is kept: near 1 keeps it, near 0 erases it.</source>
        <translation>上一时刻的细胞状态保留多少：接近 1 表示保留记忆，接近 0 表示擦除记忆。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The new content the cell could write, from the input and the previous hidden state.</source>
        <translation>细胞可以写入的新内容，由输入和上一时刻的隐藏状态算出。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much of the squashed cell state is shown as the hidden state.</source>
        <translation>经 tanh 压缩后的细胞状态有多少作为隐藏状态输出。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The LSTM&apos;s memory: kept by the forget gate, written through the input gate.</source>
        <translation>LSTM 的记忆：由遗忘门决定保留，经输入门写入。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much of the previous hidden state the new content may read (GRU).</source>
        <translation>新内容可以读取多少上一时刻的隐藏状态（GRU）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How much of the previous hidden state is kept: near 1 keeps it, near 0 replaces it (GRU).</source>
        <translation>上一时刻的隐藏状态保留多少：接近 1 表示保留，接近 0 表示用新内容替换（GRU）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The candidate hidden state, built from the input and the reset previous state (GRU).</source>
        <translation>候选隐藏状态，由输入和经重置门作用后的上一时刻状态算出（GRU）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the cell outputs at this step, to the next layer, the head and the next step.</source>
        <translation>细胞在这一时间步的输出，送往下一层、输出头和下一个时间步。</translation>
    </message>
</context>
<context>
    <name>FinderPanel</name>
    <message>
        <location filename="../../text/_finder.py" line="+36"/>
        <source>Which units track quotes, brackets, columns, indentation, comments, word ends? Press Find cells.</source>
        <translation>哪些单元在追踪引号、括号、列位置、缩进、注释和词尾？请按“查找单元”。</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Find cells</source>
        <translation>查找单元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the held-out text with the current model and rank every unit (c and h of every layer) by its correlation with each signal.</source>
        <translation>用当前模型读取留出文本，并按与每个信号的相关性为每个单元（每一层的 c 和 h）排序。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+3"/>
        <source>signal</source>
        <translation>信号</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>what it is</source>
        <translation>含义</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>best unit</source>
        <translation>最佳单元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>scaled to ±1</source>
        <translation>缩放到 ±1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>character of the held-out text</source>
        <translation>留出文本中的字符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unit</source>
        <translation>单元</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>{count} characters of {source}: the unit with the largest |r| per signal.</source>
        <translation>{source}中的 {count} 个字符：每个信号对应 |r| 最大的单元。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>constant here</source>
        <translation>此处为常数</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>{unit}; the text is coloured by it (sign-flipped when r &amp;lt; 0), red where it is high.</source>
        <translation>{unit}；文本按它着色（r &amp;lt; 0 时取反），值高处为红色。</translation>
    </message>
</context>
<context>
    <name>FollowTab</name>
    <message>
        <location filename="../../follow/_tab.py" line="+31"/>
        <source>running</source>
        <extracomment>A run&apos;s states (``RunStatus.state``) as the tab names them (Qt context ``FollowTab``).</extracomment>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>starting</source>
        <translation>正在启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not responding</source>
        <translation>无响应</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>crashed</source>
        <translation>已崩溃</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>{count} s</source>
        <translation>{count} 秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} min</source>
        <translation>{count} 分钟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} h</source>
        <translation>{count} 小时</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>not responding (crashed?): silent for {duration}</source>
        <translation>无响应（崩溃了？）：已静默 {duration}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>waiting for the run to start</source>
        <translation>正在等待训练开始</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{state}: {reason}</source>
        <translation>{state}：{reason}</translation>
    </message>
    <message>
        <location line="+38"/>
        <location line="+30"/>
        <source>No run</source>
        <translation>没有训练运行</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>What the run&apos;s status.json says; a run that says running but whose heartbeat stopped is shown as not responding</source>
        <translation>运行的 status.json 所报告的状态；声称仍在运行但心跳已停止的运行显示为无响应</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop following</source>
        <translation>停止跟踪</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop reading this run folder and close this tab (the run itself goes on)</source>
        <translation>停止读取这个运行文件夹并关闭此标签页（训练本身继续进行）</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Reading the run folder…</source>
        <translation>正在读取运行文件夹…</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Reading {folder} failed: {problem}</source>
        <translation>读取 {folder} 失败：{problem}</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{cell} {layers} × {hidden} on {task}</source>
        <translation>{cell} {layers} × {hidden}，任务：{task}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>1 process on {host} ({device}), started {started}</source>
        <translation>1 个进程，位于 {host}（{device}），开始于 {started}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} processes on {host} ({device}), started {started}</source>
        <translation>{count} 个进程，位于 {host}（{device}），开始于 {started}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>step {step} · updated {updated}</source>
        <translation>第 {step} 步 · 更新于 {updated}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>skipped: {problems}</source>
        <translation>已跳过：{problems}</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Following</source>
        <translation>跟踪中</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>no trace yet</source>
        <translation>尚无追踪数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
</context>
<context>
    <name>GateHeatmapPanel</name>
    <message>
        <location filename="../../train/_gates.py" line="+27"/>
        <source>keeps {share} of the cell&apos;s previous value (erases the rest)</source>
        <extracomment>What a gate&apos;s value means, for the hover read-out (as a share of what it acts on).</extracomment>
        <translation>保留细胞先前值的 {share}（擦除其余部分）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>writes {share} of the candidate g into the cell</source>
        <translation>把候选值 g 的 {share} 写入细胞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lets {share} of tanh(c) out as h</source>
        <translation>让 tanh(c) 的 {share} 作为 h 输出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>keeps {share} of the previous hidden state (takes the rest from the new content n)</source>
        <translation>保留上一时刻隐藏状态的 {share}（其余取自新内容 n）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>lets {share} of the previous hidden state into the new content n</source>
        <translation>让上一时刻隐藏状态的 {share} 进入新内容 n</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>layer {layer} · unit</source>
        <translation>第 {layer} 层 · 单元</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>timestep t</source>
        <translation>时间步 t</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Gates are sigmoids: 0..1</source>
        <translation>门是 sigmoid 输出：0..1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Candidates and hidden states live in -1..1 (a cell state can leave it: its colour then clips at ±1)</source>
        <translation>候选值和隐藏状态位于 -1..1（细胞状态可能超出这个范围：颜色在 ±1 处截断）</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>label {label}</source>
        <translation>标签 {label}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>predicts &lt;b&gt;{digit}&lt;/b&gt; ({percent})</source>
        <translation>预测为 &lt;b&gt;{digit}&lt;/b&gt;（{percent}）</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>layer {layer} · {name} ({label}) · unit {unit} · t = {step}: {value}</source>
        <translation>第 {layer} 层 · {name}（{label}）· 单元 {unit} · t = {step}：{value}</translation>
    </message>
</context>
<context>
    <name>GatesPanel</name>
    <message>
        <location filename="../../inspect/_gates.py" line="+67"/>
        <source>Rows are units, columns are timesteps. Click a cell to select that unit and step. Right-click a plot to export it.</source>
        <extracomment>Fields left to the heatmaps in the unit-trace plot (an LSTM&apos;s candidate g would crowd it).</extracomment>
        <translation>行是单元，列是时间步。点击一个格子选中该单元和时间步。右键点击图表可将其导出。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The selected unit&apos;s gates and states over all timesteps.</source>
        <translation>所选单元在所有时间步上的各个门和状态。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One step of the selected unit with its real numbers: check the cell&apos;s equations by eye.</source>
        <translation>所选单元一个时间步的真实数值：可以亲手验算该细胞的方程。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Selected unit over time</source>
        <translation>所选单元随时间的变化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer {layer}, unit {unit} over time</source>
        <translation>第 {layer} 层，单元 {unit} 随时间的变化</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>unit</source>
        <translation>单元</translation>
    </message>
</context>
<context>
    <name>GradientPanel</name>
    <message>
        <location filename="../../lab/_plots.py" line="+211"/>
        <source>Gradient reaching step t, on the probe batch</source>
        <translation>到达第 t 步的梯度（探针批次上）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>‖∂L/∂h_t‖ (log scale)</source>
        <translation>‖∂L/∂h_t‖（对数刻度）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>timestep t</source>
        <translation>时间步 t</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+54"/>
        <source>after training step {step}</source>
        <translation>训练第 {step} 步之后</translation>
    </message>
    <message>
        <location line="-52"/>
        <source>How strongly the loss at the end reaches back to each timestep (first layer, averaged over the probe batch).
A plain RNN&apos;s curve falls off a cliff going left: the vanishing gradient. An LSTM&apos;s cell state carries it back.
Shaded: where the probe sequences hold what matters (markers, X/Y, symbols to remember).</source>
        <translation>末尾的损失能回传到每个时间步的强度（第一层，在探针批次上取平均）。
普通 RNN 的曲线越往左越是断崖式下跌：这就是梯度消失。LSTM 的细胞状态能把梯度传回去。
阴影：探针序列中关键信息所在的位置（标记、X/Y、要记住的符号）。</translation>
    </message>
</context>
<context>
    <name>GraphicsScene</name>
    <message>
        <location filename="../_pyqtgraph_texts.py" line="+14"/>
        <source>Export...</source>
        <translation>导出...</translation>
    </message>
</context>
<context>
    <name>Heatmap</name>
    <message>
        <location filename="../../widgets/_style.py" line="+226"/>
        <source>Colours span {low}..{high} (colours clip there).</source>
        <extracomment>Dark text on white plots; matplotlib&apos;s tab10 for classes. Light text on near-black plots; brighter versions of the same hues. The canvas is a dark page with light ink, which is also how MNIST digits look. A palette whose window colour is this dark (or this light) decides the theme by itself. Colour map per kind of field (``Field.kind``): sequential for gates, diverging around 0 for the rest.</extracomment>
        <translation>颜色范围 {low}..{high}（超出部分按边界颜色显示）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Colours span {low}..{high}.</source>
        <translation>颜色范围 {low}..{high}。</translation>
    </message>
</context>
<context>
    <name>InputView</name>
    <message>
        <location filename="../../inspect/_input.py" line="+64"/>
        <source>The input as the network reads it: one row of 28 pixels per timestep, top to bottom
(or a few pixels per step). The yellow frame is what the current step reads; dimmed
parts are not read yet.</source>
        <translation>网络读取到的输入：每个时间步读取一行 28 个像素，自上而下
（或每步读取几个像素）。黄框是当前时间步读取的部分；变暗的
部分尚未读取。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>row = step t</source>
        <translation>行 = 时间步 t</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>image row</source>
        <translation>图像行</translation>
    </message>
</context>
<context>
    <name>InspectTab</name>
    <message>
        <location filename="../../inspect/_texts.py" line="+22"/>
        <source>test digit #{number}</source>
        <translation>测试数字 #{number}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>drawing</source>
        <translation>你的绘图</translation>
    </message>
    <message>
        <location filename="../../inspect/_tab.py" line="+70"/>
        <location filename="../../inspect/_texts.py" line="+13"/>
        <source>Loading the inspector…</source>
        <translation>正在加载检视器…</translation>
    </message>
    <message>
        <location filename="../../inspect/_texts.py" line="+2"/>
        <source>Which layer the heatmaps and the unit panel show.</source>
        <translation>热图和单元面板显示哪一层。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unit </source>
        <translation>单元 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The selected unit (or click a row of any heatmap).</source>
        <translation>所选的单元（也可以点击任意热图中的一行）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export gates…</source>
        <translation>导出门控…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save this input&apos;s gate and state arrays (every field of every layer at every step: i f g o c h for an LSTM, r z n h for a GRU) as .npz or .csv.</source>
        <translation>把这个输入的门控和状态数组（每一层在每个时间步的每个量：LSTM 为 i f g o c h，GRU 为 r z n h）保存为 .npz 或 .csv。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export plots…</source>
        <translation>导出图表…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save every plot of this tab as PNG and SVG into a folder. (Right-click a single plot to export just that one.)</source>
        <translation>把本标签页的每个图表以 PNG 和 SVG 格式保存到一个文件夹。（右键点击单个图表可只导出它。）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What the network would answer if the image ended after row t.</source>
        <translation>如果图像在第 t 行就结束，网络会给出什么答案。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Test digits&lt;/b&gt;</source>
        <translation>&lt;b&gt;测试数字&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gates</source>
        <translation>门控</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Units × time heatmaps of one layer, a unit&apos;s traces and its equations.</source>
        <translation>某一层的单元 × 时间热图、单个单元的曲线及其方程。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prediction &amp;&amp; gradient</source>
        <translation>预测与梯度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The answer as rows are read; ‖∂loss/∂h_t‖ over time.</source>
        <translation>逐行读取时的答案；‖∂loss/∂h_t‖ 随时间的变化。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saturation</source>
        <translation>饱和</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>How often each unit&apos;s gates are nearly closed or fully open.</source>
        <translation>每个单元的门有多常接近关闭或完全打开。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Which digits the model confuses over the test set.</source>
        <translation>模型在测试集上会混淆哪些数字。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Loading the model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>reads the input</source>
        <translation>读取输入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>reads the pixel rows</source>
        <translation>读取像素行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>feeds the classifier</source>
        <translation>连接分类器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer {layer}</source>
        <translation>第 {layer} 层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{layer} ({role})</source>
        <translation>{layer}（{role}）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>✓ correct</source>
        <translation>✓ 正确</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>✗ wrong</source>
        <translation>✗ 错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>label {label} · predicted &lt;b&gt;{answer}&lt;/b&gt; ({percent}) {verdict}</source>
        <translation>标签 {label} · 预测为 &lt;b&gt;{answer}&lt;/b&gt;（{percent}）{verdict}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>predicted &lt;b&gt;{answer}&lt;/b&gt; ({percent})</source>
        <translation>预测为 &lt;b&gt;{answer}&lt;/b&gt;（{percent}）</translation>
    </message>
    <message>
        <location filename="../../inspect/_tab.py" line="+267"/>
        <source> (settled)</source>
        <translation>（已稳定）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>t = {step}: read {read}; would answer &lt;b&gt;{guess}&lt;/b&gt; ({percent}){settled}. Final answer {answer} leads from t = {leading}.</source>
        <translation>t = {step}：已读取{read}；此时会回答 &lt;b&gt;{guess}&lt;/b&gt;（{percent}）{settled}。最终答案 {answer} 从 t = {leading} 起领先。</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>gate saturation is measured over test digits; this model reads sequences</source>
        <translation>门控饱和是在测试数字上测量的；这个模型读取的是序列</translation>
    </message>
</context>
<context>
    <name>LabCell</name>
    <message>
        <location filename="../../lab/_texts.py" line="+36"/>
        <source>LSTM with peepholes</source>
        <extracomment>``CELL_LABELS`` with words in them, and ``CellSpec.label``&apos;s template.</extracomment>
        <translation>带窥视孔连接的 LSTM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LSTM without forget gate (1997)</source>
        <translation>无遗忘门的 LSTM（1997）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}, forget bias {bias}</source>
        <translation>{name}（遗忘门偏置 {bias}）</translation>
    </message>
</context>
<context>
    <name>LabControls</name>
    <message>
        <location filename="../../lab/_controls.py" line="+106"/>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Length T</source>
        <translation>长度 T</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cells</source>
        <translation>细胞类型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Forget bias</source>
        <translation>遗忘门偏置</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sweep at</source>
        <translation>扫描长度</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sequence length T: how far back the answer lies</source>
        <translation>序列长度 T：答案所依赖的信息在多远之前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training steps, every cell on the same batches</source>
        <translation>训练步数，所有细胞使用相同的批次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seed of the batches and of every cell&apos;s starting weights</source>
        <translation>批次与每个细胞初始权重的随机种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lengths a sweep runs at, e.g. 25, 50, 100, 200 (results already cached are reused)</source>
        <translation>扫描要运行的序列长度，例如 25, 50, 100, 200（已缓存的结果会被复用）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>LSTM without forget gate</source>
        <translation>无遗忘门的 LSTM</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The original 1997 LSTM: no forget gate</source>
        <translation>1997 年最初的 LSTM：没有遗忘门</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PyTorch default (≈ 0)</source>
        <translation>PyTorch 默认（≈ 0）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The forget gate&apos;s starting bias in the LSTMs. Check both to run each LSTM twice, side by side. With 1 the gate starts at σ(1) ≈ 0.73: the cell keeps its state from the start.</source>
        <translation>LSTM 中遗忘门的初始偏置。两项都勾选时，每个 LSTM 会以两种偏置并排各运行一次。偏置为 1 时遗忘门从 σ(1) ≈ 0.73 开始：细胞从一开始就保留它的状态。</translation>
    </message>
</context>
<context>
    <name>LabError</name>
    <message>
        <location filename="../../lab/_texts.py" line="+110"/>
        <source>check at least one cell</source>
        <extracomment>The lab&apos;s errors that the tab can show: the form&apos;s, the sweep lengths&apos;, the results cache&apos;s and the export&apos;s.</extracomment>
        <translation>请至少勾选一种细胞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check a forget bias for the LSTMs</source>
        <translation>请为 LSTM 勾选一个遗忘门偏置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no lengths given (e.g. 50,100,200)</source>
        <translation>没有给出长度（例如 50,100,200）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>length {part}: {error}</source>
        <translation>长度 {part}：{error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>invalid literal for int() with base 10: {text}</source>
        <translation>不是整数：{text}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{task}: the length must be in {low}..{high}, got {value}</source>
        <translation>{task}：长度必须在 {low}..{high} 之间，实际为 {value}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>sequential MNIST reads the 784 pixels in equal chunks: the length must divide 784 ({lengths}), got {value}</source>
        <translation>序列 MNIST 把 784 个像素等分成块来读取：长度必须能整除 784（{lengths}），实际为 {value}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{path}: cannot read ({error})</source>
        <translation>{path}：无法读取（{error}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path}: {size} bytes is too large for a lab cache (at most {limit}); move it away to start a new one</source>
        <translation>{path}：{size} 字节，对实验缓存来说太大（最多 {limit}）；请把它移走以新建一个</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path}: not a lab cache of format {format}; move it away to start a new one</source>
        <translation>{path}：不是格式 {format} 的实验缓存；请把它移走以新建一个</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{path}: not a lab cache ({error}); move it away to start a new one</source>
        <translation>{path}：不是实验缓存（{error}）；请把它移走以新建一个</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path}: export as .csv or .json</source>
        <translation>{path}：只能导出为 .csv 或 .json</translation>
    </message>
</context>
<context>
    <name>LabGatePanel</name>
    <message>
        <location filename="../../lab/_gates.py" line="+28"/>
        <source>&lt;b&gt;writes&lt;/b&gt;: input gate i&lt;br&gt;near 1 writes into the cell</source>
        <extracomment>The columns&apos; headings (translated where shown).</extracomment>
        <translation>&lt;b&gt;写入&lt;/b&gt;：输入门 i&lt;br&gt;接近 1 表示写入细胞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;keeps&lt;/b&gt;: forget gate f, update gate z&lt;br&gt;near 1 keeps the state</source>
        <translation>&lt;b&gt;保留&lt;/b&gt;：遗忘门 f、更新门 z&lt;br&gt;接近 1 表示保留状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;memory&lt;/b&gt;: cell state c&lt;br&gt;or hidden state h</source>
        <translation>&lt;b&gt;记忆&lt;/b&gt;：细胞状态 c&lt;br&gt;或隐藏状态 h</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>LSTM&lt;br&gt;peephole</source>
        <extracomment>Per cell kind, the field shown in each column (None: the cell has no such gate). The fields shown take the shared heatmap looks: gates 0..1, everything else -1..1. Row names short enough for a narrow column (the full names are in the verdicts and tooltips).</extracomment>
        <translation>LSTM&lt;br&gt;窥视孔</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>bias {bias}</source>
        <translation>偏置 {bias}</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>no such gate</source>
        <translation>没有这个门</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{cell}: {field}</source>
        <translation>{cell}：{field}</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Each heatmap: rows are units, columns are timesteps of the probe sequence.
Gates: 0 dark purple, 1 yellow. States: −1 blue, 0 white, +1 red.
Dashed lines: the steps that matter (markers, X and Y, the symbols to remember).</source>
        <translation>每张热图：行是单元，列是探针序列的时间步。
门：0 为深紫色，1 为黄色。状态：−1 蓝色，0 白色，+1 红色。
虚线：关键的时间步（标记、X 和 Y、要记住的符号）。</translation>
    </message>
</context>
<context>
    <name>LabPlots</name>
    <message>
        <location filename="../../lab/_plots.py" line="-172"/>
        <source>{metric} (%)</source>
        <translation>{metric}（%）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{metric} (log scale)</source>
        <translation>{metric}（对数刻度）</translation>
    </message>
</context>
<context>
    <name>LabProbe</name>
    <message>
        <location filename="../../lab/_texts.py" line="-31"/>
        <source>{a} at step {first} + {b} at step {second} = {total}</source>
        <extracomment>What the tasks say a probe sequence holds (``Probe.names``).</extracomment>
        <translation>第 {first} 步的 {a} + 第 {second} 步的 {b} = {total}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{order}: {a} at step {first}, {b} at step {second}</source>
        <translation>{order}：第 {first} 步是 {a}，第 {second} 步是 {b}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>remember {symbols}</source>
        <translation>记住 {symbols}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>test digit #{number}</source>
        <translation>测试数字 #{number}</translation>
    </message>
</context>
<context>
    <name>LabTab</name>
    <message>
        <location filename="../../lab/_sentences.py" line="+15"/>
        <source> (paused)</source>
        <extracomment>A run&apos;s state after its progress, as the progress line says it.</extracomment>
        <translation>（已暂停）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source> (stopped)</source>
        <translation>（已停止）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (done)</source>
        <translation>（已完成）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Training {cells} on a sweep over T = {lengths}…</source>
        <translation>正在训练 {cells}，扫描 T = {lengths}…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Training {cells} on T = {length}…</source>
        <translation>正在训练 {cells}，T = {length}…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Finished at step {step} (T = {length}).</source>
        <translation>在第 {step} 步完成（T = {length}）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stopped at step {step} (T = {length}).</source>
        <translation>在第 {step} 步停止（T = {length}）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{cell} at step {step}</source>
        <translation>{cell} 于第 {step} 步</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Solved: {cells}.</source>
        <translation>已解决：{cells}。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not solved: {cells}.</source>
        <translation>未解决：{cells}。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>T = {length} · step {step} of {steps}{state} · {time} · {rate} steps/s</source>
        <translation>T = {length} · 第 {step} / {steps} 步{state} · {time} · {rate} 步/秒</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>{cell}: {answer}</source>
        <translation>{cell}：{answer}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>answers: {answers}</source>
        <translation>回答：{answers}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%n result(s) at T = {lengths} with {steps} steps, seed {seed}.</source>
        <translation>T = {lengths} 处共 %n 个结果，{steps} 步，随机种子 {seed}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kept in {path}.</source>
        <translation>保存在 {path}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not cached: {problem}</source>
        <translation>未缓存：{problem}</translation>
    </message>
    <message>
        <location filename="../../lab/_tab.py" line="+75"/>
        <source>Plain RNNs forget what lies far back: the gradient that should teach them fades on its way. LSTMs were made to fix that with gates. Run the cells side by side and watch.</source>
        <extracomment>A text said again when the language changes: a function that says it, or a fixed text. Extra LabConfig fields for every run (tests use tiny models; the GUI leaves the defaults).</extracomment>
        <translation>普通 RNN 会忘记很久以前的信息：本该教会它的梯度在回传途中逐渐衰减，这就是梯度消失。LSTM 正是为了用门控解决这个问题而设计的。让这些细胞并排训练，亲眼看看。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Comparison</source>
        <translation>对比</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Train the checked cells side by side</source>
        <translation>并排训练勾选的细胞</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sweep</source>
        <translation>扫描</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run at every length of &apos;Sweep at&apos; (cached results are reused) and plot the final score against the length</source>
        <translation>在“扫描长度”中的每个长度上运行（复用已缓存的结果），并绘制最终得分随长度的变化</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stop after the step in progress; the held-out set is still scored there</source>
        <translation>在当前这一步结束后停止；届时仍会在留出集上评分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the points of this plot as CSV or JSON</source>
        <translation>把这张图中的数据点保存为 CSV 或 JSON</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Gates on a probe sequence</source>
        <translation>探针序列上的门控</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What each cell&apos;s gates and memory do on one fixed probe sequence</source>
        <translation>每个细胞的门控和记忆在一条固定探针序列上的表现</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sweep: score against length</source>
        <translation>扫描：得分与长度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The final score of each cell against the sequence length</source>
        <translation>每个细胞的最终得分随序列长度的变化</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Probe sequence</source>
        <translation>探针序列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which of the fixed probe sequences the heatmaps show</source>
        <translation>热图显示哪一条固定的探针序列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows are units, columns timesteps. Gates: 0 dark purple → 1 yellow (f near 1 &lt;i&gt;keeps&lt;/i&gt; the cell state, near 0 &lt;i&gt;erases&lt;/i&gt; it). States: −1 blue · 0 white · +1 red. Dashed: the steps that matter.</source>
        <translation>行是单元，列是时间步。门：0 深紫 → 1 黄（f 接近 1 表示&lt;i&gt;保留&lt;/i&gt;细胞状态，接近 0 表示&lt;i&gt;擦除&lt;/i&gt;它）。状态：−1 蓝 · 0 白 · +1 红。虚线：关键的时间步。</translation>
    </message>
    <message>
        <location line="+165"/>
        <source>Waiting for PyTorch to load…</source>
        <translation>正在等待 PyTorch 加载…</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stopping after this step…</source>
        <translation>将在这一步结束后停止…</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Lab results are not cached: {problem}</source>
        <translation>实验结果未缓存：{problem}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The lab run failed: {error}</source>
        <translation>实验运行失败：{error}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Lab: {summary}</source>
        <translation>实验：{summary}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every cell of that sweep was already cached: the sweep plot shows them.</source>
        <translation>这次扫描的每个细胞都已缓存：扫描图中显示了它们。</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Export the sweep</source>
        <translation>导出扫描结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV table (*.csv);;JSON (*.json)</source>
        <translation>CSV 表格 (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Could not export: {error}</source>
        <translation>无法导出：{error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Exported {count} points to {path}</source>
        <translation>已把 {count} 个数据点导出到 {path}</translation>
    </message>
</context>
<context>
    <name>LabTask</name>
    <message>
        <location filename="../../lab/_controls.py" line="-103"/>
        <source>Two numbers per step: a value from U[0, 1] and a marker, 1 at two steps (one in each half). Output the sum of the two marked values. Learned nothing: MSE 0.167 (always answering 1). Solved: MSE below 0.01.</source>
        <extracomment>One sentence per task: what it asks, and what a model that learned nothing scores (translated where shown).</extracomment>
        <translation>每步两个数：一个取自 U[0, 1] 的值和一个标记，标记只在两个时间步为 1（前后两半各一个）。输出这两个被标记值之和。什么都没学到：均方误差 0.167（总是回答 1）。解决：均方误差低于 0.01。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Symbols among distractors a b c d; an X or Y hides in the first 10–20 % and another in 50–60 %. Say their order: XX, XY, YX or YY. Learned nothing: 25 %. Solved: 95 %.</source>
        <translation>在干扰符号 a b c d 之间，一个 X 或 Y 藏在序列的前 10–20 % 处，另一个藏在 50–60 % 处。说出它们的时序顺序：XX、XY、YX 或 YY。什么都没学到：25 %。解决：95 %。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ten symbols (8 kinds), T blanks, a delimiter: write the ten symbols back over the last ten steps. Learned nothing: cross-entropy 10·ln 8 / (T + 20) per step. Solved: below a tenth of that.</source>
        <translation>十个符号（8 种）、T 个空白和一个分隔符：在最后十步把这十个符号依次写出来。什么都没学到：每步交叉熵 10·ln 8 / (T + 20)。解决：低于它的十分之一。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A digit read as a sequence: 28 rows (T = 28) or its 784 pixels in chunks (T = 196: 4 pixels per step). Learned nothing: 10 %. Solved: 90 %.</source>
        <translation>把一个数字当作序列来读：28 行（T = 28），或把 784 个像素分块读取（T = 196：每步 4 个像素）。什么都没学到：10 %。解决：90 %。</translation>
    </message>
    <message>
        <location filename="../../lab/_texts.py" line="-118"/>
        <source>Adding problem</source>
        <translation>加法问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temporal order</source>
        <translation>时序顺序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy memory</source>
        <translation>复制记忆</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sequential MNIST</source>
        <translation>序列 MNIST</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>adding problem</source>
        <translation>加法问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>temporal order</source>
        <translation>时序顺序</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>copy memory</source>
        <translation>复制记忆</translation>
    </message>
</context>
<context>
    <name>LabVerdict</name>
    <message>
        <location line="+12"/>
        <source>A plain RNN passes the gradient back through its recurrent weights and tanh at every step, so it fades long before it reaches the first steps: the gradient plot shows the fall.</source>
        <extracomment>Every template of ``lstm_studio.lab.TEMPLATES`` and the labels of the lab&apos;s metrics.</extracomment>
        <translation>普通 RNN 在每一步都要让梯度穿过循环权重和 tanh 往回传，所以梯度远在到达最初几步之前就已衰减殆尽，这就是梯度消失：梯度图显示了这种下跌。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Try a GRU or an LSTM, or a shorter sequence.</source>
        <translation>试试 GRU 或 LSTM，或者更短的序列。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try forget bias 1: it keeps the cell state open from the start (f = σ(1) ≈ 0.73 instead of about 0.5), so the gradient reaches {what}.</source>
        <translation>试试遗忘门偏置 1：它从一开始就让细胞状态保持通畅（f = σ(1) ≈ 0.73，而不是约 0.5），这样梯度就能到达{what}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the markers</source>
        <translation>标记处</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the X and Y</source>
        <translation>两个符号 X 和 Y 处</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the symbols to remember</source>
        <translation>要记住的符号处</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the first pixels</source>
        <translation>最初的像素</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the early steps</source>
        <translation>最初的几步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try more steps, or a shorter sequence to see it learn first.</source>
        <translation>试试更多的步数，或者先用更短的序列看它学会。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Without a forget gate the cell state can only add up, never erase; it may need more steps. Try an LSTM with forget bias 1.</source>
        <translation>没有遗忘门，细胞状态只能累加、无法擦除；它可能需要更多的步数。试试遗忘门偏置为 1 的 LSTM。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try a lower learning rate.</source>
        <translation>试试更低的学习率。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} diverged: {reason}.</source>
        <translation>{name} 发散了：{reason}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name}: no held-out score yet.</source>
        <translation>{name}：还没有留出集得分。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} solved it at step {solved_at}: {scored} after step {at}.</source>
        <translation>{name} 在第 {solved_at} 步解决了任务：第 {at} 步后{scored}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} did not beat the baseline after {at} steps: {scored}.</source>
        <translation>{name} 训练 {at} 步后没能超过基线：{scored}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} has not beaten the baseline after {at} steps: {scored}.</source>
        <translation>{name} 训练 {at} 步后还没有超过基线：{scored}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} stayed at the baseline after {at} steps: {scored}.</source>
        <translation>{name} 训练 {at} 步后仍停留在基线：{scored}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} is still at the baseline after {at} steps: {scored}.</source>
        <translation>{name} 训练 {at} 步后仍在基线水平：{scored}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} learned part of it: {scored} after {at} steps; solved means {solved}.</source>
        <translation>{name} 学会了一部分：训练 {at} 步后{scored}；解决的标准是{solved}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{name} is learning: {scored} after {at} steps; solved means {solved}.</source>
        <translation>{name} 正在学习：训练 {at} 步后{scored}；解决的标准是{solved}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{metric} {score} on fresh sequences (baseline {baseline})</source>
        <translation>在新序列上{metric}为 {score}（基线 {baseline}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No gradient at all reaches step 1: it fell below the smallest number a float32 holds.</source>
        <translation>完全没有梯度到达第 1 步：它已小于 float32 能表示的最小数。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The gradient reaching step 1 is {reach} times the one at the last step.</source>
        <translation>到达第 1 步的梯度是最后一步梯度的 {reach} 倍。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The gradient reaching step 1 is {reach} of the one at the last step.</source>
        <translation>到达第 1 步的梯度只有最后一步梯度的 {reach}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{metric} of at least {value}</source>
        <translation>{metric}至少 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{metric} below {value}</source>
        <translation>{metric}低于 {value}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mean squared error</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cross-entropy (nats per step)</source>
        <translation>交叉熵（奈特/步）</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>{first} {second}</source>
        <translation>{first}{second}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>LivePanel</name>
    <message>
        <location filename="../../text/_live.py" line="+66"/>
        <source>Held-out passage</source>
        <extracomment>A text said in the language of the moment: called again when the language changes.</extracomment>
        <translation>留出段落</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>bits per character</source>
        <translation>每字符比特数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>bits / char</source>
        <translation>比特 / 字符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>characters read (millions)</source>
        <translation>已读字符数（百万）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>training, smoothed</source>
        <translation>训练（平滑）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>held-out</source>
        <translation>留出集</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bits per character: how surprised the model is by the next character (lower is better). Training: since the last update; held-out: text the model never trains on, measured after every pass over the corpus.</source>
        <translation>每字符比特数：模型对下一个字符有多“意外”（越低越好）。训练：自上次更新以来的值；留出集：模型从不用来训练的文本，每遍历一次语料后测量一次。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>prime text (optional)</source>
        <translation>引导文本（可选）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model reads this first, then writes on from it.</source>
        <translation>模型先读入这段文本，再接着往下写。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Temperature: below 1 the model plays safe, above 1 it takes risks.</source>
        <translation>温度：低于 1 时模型求稳，高于 1 时模型敢于冒险。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write now</source>
        <translation>立即生成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Let the current model write a sample (while training, one comes every few seconds by itself).</source>
        <translation>让当前模型写一段样本（训练时每隔几秒会自动生成一段）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Prime</source>
        <translation>引导</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Samples the model writes appear here.</source>
        <translation>模型写出的样本显示在这里。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;The model writes&lt;/b&gt; (newest first)</source>
        <translation>&lt;b&gt;模型写出的文本&lt;/b&gt;（最新的在前）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The passage coloured by the chosen unit (blue negative, red positive); under each character, the model&apos;s five likeliest guesses for the next one (green: likelier).</source>
        <translation>按所选单元着色的段落（蓝色为负，红色为正）；每个字符下方是模型对下一个字符最可能的五个猜测（绿色越深越可能）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Which layer the heatmaps and the coloured passage show.</source>
        <translation>热图和着色段落显示的是哪一层。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour the passage by the unit&apos;s cell state c or its output h.</source>
        <translation>按该单元的细胞状态 c 或其输出 h 为段落着色。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unit </source>
        <translation>单元 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The unit that colours the passage (or click a heatmap row).</source>
        <translation>为段落着色的单元（也可以点击热图中的一行）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>colour by</source>
        <translation>着色依据</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>temperature {value}</source>
        <translation>温度 {value}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../shell/_main_window.py" line="+142"/>
        <source>Draw a digit and watch the LSTM read it row by row (Ctrl+1)</source>
        <translation>画一个数字，观看 LSTM 逐行读取它（Ctrl+1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train the LSTM and watch its loss, accuracy and gates live (Ctrl+2)</source>
        <translation>训练 LSTM，实时观看它的损失、准确率和各个门（Ctrl+2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step through the 28 timesteps of any input and see what every gate did (Ctrl+3)</source>
        <translation>逐个走过任意输入的 28 个时间步，查看每个门做了什么（Ctrl+3）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why LSTM: RNN, GRU and LSTM side by side on tasks that need long-term memory (Ctrl+4)</source>
        <translation>为什么需要 LSTM：在需要长期记忆的任务上并排比较 RNN、GRU 和 LSTM（Ctrl+4）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Watch a character-level LSTM learn to write, and find what its cells track (Ctrl+5)</source>
        <translation>观看字符级 LSTM 学习写作，并找出它的单元在追踪什么（Ctrl+5）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Draw</source>
        <translation>绘制</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Inspect</source>
        <translation>检视</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lab</source>
        <translation>实验</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close LSTM Studio (a running training stops first)</source>
        <translation>关闭 LSTM Studio（正在进行的训练会先停止）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Draw tab</source>
        <translation>绘制标签页(&amp;D)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Train tab</source>
        <translation>训练标签页(&amp;T)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Inspect tab</source>
        <translation>检视标签页(&amp;I)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Lab tab</source>
        <translation>实验标签页(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Text tab</source>
        <translation>文本标签页(&amp;T)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About LSTM Studio</source>
        <translation>关于 LSTM Studio(&amp;A)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show LSTM Studio in {language} (remembered for next time)</source>
        <translation>以 {language} 显示 LSTM Studio（下次启动时沿用）</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Loading failed</source>
        <translation>加载失败</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ready · {source}: {train} train / {test} test digits</source>
        <translation>就绪 · {source}：{train} 个训练 / {test} 个测试数字</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>LSTM Studio could not load</source>
        <translation>LSTM Studio 无法加载</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The system switched to {theme} colours: restart LSTM Studio to draw the plots in them</source>
        <translation>系统已切换为{theme}配色：重新启动 LSTM Studio 后图表才会使用新配色</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not chosen yet (PyTorch is loading)</source>
        <translation>尚未选定（PyTorch 正在加载）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Watch an LSTM learn: draw digits, train live and inspect every gate at every timestep.</source>
        <translation>观看 LSTM 学习：画数字、实时训练，并检视每个时间步上的每一个门。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Device: {device}</source>
        <translation>设备：{device}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>About LSTM Studio</source>
        <translation>关于 LSTM Studio</translation>
    </message>
</context>
<context>
    <name>Metric</name>
    <message>
        <location filename="../_core_texts.py" line="+25"/>
        <source>accuracy</source>
        <extracomment>The tasks&apos; metrics (``tasks.Metric.label``), as a followed run names them.</extracomment>
        <translation>准确率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mean squared error</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cross-entropy (nats per step)</source>
        <translation>交叉熵（每步奈特）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bits per character</source>
        <translation>每字符比特数</translation>
    </message>
</context>
<context>
    <name>MetricPanel</name>
    <message>
        <location filename="../../lab/_plots.py" line="+55"/>
        <source>Score per step</source>
        <translation>每步得分</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{task}, T = {length}: score against training steps</source>
        <translation>{task}，T = {length}：得分随训练步数的变化</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>training step</source>
        <translation>训练步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>learned nothing</source>
        <translation>什么都没学到</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>solved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bold with dots: the score on fresh held-out sequences every 100 steps (what the verdicts judge).
Pale: the score on each training batch, smoothed.
Dashed: what a model that learned nothing scores. Dotted: solved.</source>
        <translation>带圆点的粗线：每 100 步在新的留出序列上的得分（评语依据的就是它）。
浅色线：每个训练批次上的得分，经过平滑。
虚线：什么都没学到的模型的得分。点线：解决。</translation>
    </message>
</context>
<context>
    <name>MnistDownloader</name>
    <message>
        <location filename="../../shell/_download.py" line="+69"/>
        <source>Downloading MNIST (about 11 MB) into
{folder}</source>
        <extracomment>Bytes of the four compressed MNIST files, for the progress bar. Seconds between two measurements of the download folder.</extracomment>
        <translation>正在下载 MNIST（约 11 MB）到
{folder}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Download MNIST</source>
        <translation>下载 MNIST</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The download continues in the background if you hide this window; the app keeps working meanwhile.</source>
        <translation>隐藏此窗口后下载会在后台继续；期间应用照常可用。</translation>
    </message>
</context>
<context>
    <name>ModelBox</name>
    <message>
        <location filename="../../train/_boxes.py" line="+36"/>
        <source>Loading the bundled model…</source>
        <translation>正在加载内置模型…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The model Draw, Inspect and Save use, and that Train can continue</source>
        <translation>绘制、检视和保存所用的模型，训练也可以接着训练它</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>While training, Draw, Inspect and Save follow this run: they show its weights after the latest step (refreshed about once a second).</source>
        <translation>训练期间，绘制、检视和保存都跟随这次训练：它们显示最新一步之后的权重（大约每秒刷新一次）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New model</source>
        <translation>新建模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Back to the bundled model</source>
        <translation>回到内置模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make the trained model that ships with LSTM Studio the current model again</source>
        <translation>把 LSTM Studio 自带的已训练模型重新设为当前模型</translation>
    </message>
</context>
<context>
    <name>ModelSource</name>
    <message>
        <location filename="../_core_texts.py" line="+20"/>
        <source>bundled model</source>
        <extracomment>Model sources the app writes into snapshots (``ModelSnapshot.source``), as patterns and templates.</extracomment>
        <translation>内置模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bundled text model</source>
        <translation>内置文本模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trained model ({steps} steps)</source>
        <translation>训练好的模型（{steps} 步）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>training run</source>
        <translation>训练运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>trained in this session</source>
        <translation>本次会话中训练的模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>checkpoint {name}</source>
        <translation>检查点 {name}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>run {name}</source>
        <translation>运行 {name}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>new {cell} model, untrained ({layers} × {hidden})</source>
        <translation>新建 {cell} 模型，未训练（{layers} × {hidden}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{format} model {name}</source>
        <translation>{format} 模型 {name}</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>weights after step {step}</source>
        <translation>第 {step} 步后的权重</translation>
    </message>
</context>
<context>
    <name>OwnModelActions</name>
    <message>
        <location filename="../../shell/_own_models.py" line="+45"/>
        <source>Open se&amp;quence…</source>
        <translation>打开序列(&amp;Q)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspect the current model on your own sequence (.npy, .npz, .csv, .txt)</source>
        <translation>用你自己的序列（.npy、.npz、.csv、.txt）检视当前模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export model…</source>
        <translation>导出模型(&amp;E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export the current model to ONNX or safetensors</source>
        <translation>把当前模型导出为 ONNX 或 safetensors</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Attach to a running script…</source>
        <translation>连接到运行中的脚本(&amp;A)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Watch a training script of your own live (it calls ls.watch)</source>
        <translation>实时观察你自己的训练脚本（脚本需调用 ls.watch）</translation>
    </message>
</context>
<context>
    <name>PipelineView</name>
    <message>
        <location filename="../../draw/_pipeline.py" line="+24"/>
        <source>1 · What you drew</source>
        <translation>1 · 你画的内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your strokes (or the loaded image). The orange box is the ink that will be used.</source>
        <translation>你的笔画（或加载的图片）。橙色方框是将被使用的墨迹。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>2 · Ink fitted into 20×20</source>
        <translation>2 · 墨迹缩放到 20×20</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The ink, cropped and scaled to fit a 20×20 box with its aspect ratio kept, as MNIST was made.
The pen width is fixed in these pixels, so small and large drawings look alike.</source>
        <translation>墨迹经裁剪并缩放到 20×20 的方框内，保持长宽比，与 MNIST 的制作方式相同。
笔宽按这些像素固定，所以画得大或小看起来都一样。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>3 · 28×28 model input</source>
        <translation>3 · 28×28 模型输入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The 20×20 digit placed in a 28×28 field with its centre of mass in the middle, white on black.
The LSTM reads it one row per step, top to bottom: 28 steps of 28 pixels.</source>
        <translation>把 20×20 的数字放进 28×28 的区域，使其质心位于中央，黑底白字。
LSTM 每个时间步读取一行，自上而下：28 个时间步，每步 28 个像素。</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>1 · Your image</source>
        <translation>1 · 你的图片</translation>
    </message>
</context>
<context>
    <name>PlotItem</name>
    <message>
        <location filename="../_pyqtgraph_texts.py" line="+7"/>
        <source>Plot Options</source>
        <translation>图表选项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transforms</source>
        <translation>变换</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downsample</source>
        <translation>降采样</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Average</source>
        <translation>平均</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alpha</source>
        <translation>透明度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Points</source>
        <translation>数据点</translation>
    </message>
</context>
<context>
    <name>Prediction</name>
    <message>
        <location filename="../../draw/_prediction.py" line="+80"/>
        <source>{percent} sure</source>
        <extracomment>Below this top probability the tab says it is not sure and names the runner-up.</extracomment>
        <translation>有 {percent} 的把握</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not sure: {digit} ({percent}) or {other} ({other_percent})?</source>
        <translation>没有把握：是 {digit}（{percent}）还是 {other}（{other_percent}）？</translation>
    </message>
</context>
<context>
    <name>ProbabilityChart</name>
    <message>
        <location filename="../../draw/_plots.py" line="+82"/>
        <source>Probability of each digit</source>
        <extracomment>A digit&apos;s per-row curve gets a label when its probability ever reaches this.</extracomment>
        <translation>每个数字的概率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>digit</source>
        <translation>数字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How likely the model finds each digit for this input (the ten bars add up to 1).</source>
        <translation>模型认为这个输入是各个数字的可能性（十个柱子之和为 1）。</translation>
    </message>
</context>
<context>
    <name>ProbePicker</name>
    <message>
        <location filename="../../train/_probe.py" line="+42"/>
        <source>Probe:</source>
        <translation>探针：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A fixed batch of test digits (the first 0, 1, …, 9, then again) traced while training.
Click one to see its gates. The frame is green when the network classifies it
correctly right now, red when it does not.</source>
        <translation>一批固定的测试数字（先是第一个 0、1、…、9，然后再来一轮），训练时对它们进行追踪。
点击其中一个查看它的门控。网络当前分类正确时边框为绿色，
分类错误时为红色。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Probe digit {number}: a test image of a {label}</source>
        <translation>探针数字 {number}：一张 {label} 的测试图像</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> — classified correctly</source>
        <translation> — 分类正确</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> — misread as {digit}</source>
        <translation> — 被误认为 {digit}</translation>
    </message>
</context>
<context>
    <name>Reason</name>
    <message>
        <location filename="../_core_texts.py" line="-51"/>
        <source>stopped by the user</source>
        <extracomment>Why a run stopped (``TrainResult.reason``, a run folder&apos;s reason), as the trainer and the app say it.</extracomment>
        <translation>被用户停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the window was closed</source>
        <translation>窗口已关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the program is exiting</source>
        <translation>程序正在退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stopped by another training process</source>
        <translation>被另一个训练进程停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the loss became {value} at step {step}</source>
        <translation>损失在第 {step} 步变为 {value}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the loss exploded to {value} (over {limit}, ten times the loss of guessing) at step {step}</source>
        <translation>损失在第 {step} 步暴增到 {value}（超过 {limit}，即随机猜测损失的十倍）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the loss exploded to {value} at step {step}</source>
        <translation>损失在第 {step} 步暴增到 {value}</translation>
    </message>
</context>
<context>
    <name>RunFollowing</name>
    <message>
        <location filename="../../follow/_menu.py" line="+34"/>
        <source>&amp;Follow a run…</source>
        <translation>跟踪训练运行(&amp;F)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a run folder written by train --run-dir (here, on NFS, sshfs or a synced folder) and watch it live</source>
        <translation>打开由 train --run-dir 写入的运行文件夹（本机、NFS、sshfs 或同步文件夹均可），实时观看</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Run: {name}</source>
        <translation>运行：{name}</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A training run read live from its folder (train --run-dir), here or on shared storage</source>
        <translation>从运行文件夹实时读取的训练（train --run-dir），可在本机或共享存储上</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Follow a run: choose its folder</source>
        <translation>跟踪训练运行：选择它的文件夹</translation>
    </message>
</context>
<context>
    <name>SaturationPanel</name>
    <message>
        <location filename="../../inspect/_saturation.py" line="+27"/>
        <source>Forget gate f</source>
        <extracomment>Per gate (short name): file name and title. The memory-keeping gate (f, z) comes first.</extracomment>
        <translation>遗忘门 f</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Update gate z</source>
        <translation>更新门 z</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Input gate i</source>
        <translation>输入门 i</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset gate r</source>
        <translation>重置门 r</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Output gate o</source>
        <translation>输出门 o</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A plain RNN has &lt;b&gt;no gates&lt;/b&gt;: nothing here can saturate. Its tanh hidden state is in the Gates sub-tab; compare its gradient flow with a GRU&apos;s or an LSTM&apos;s in Prediction &amp;amp; gradient.</source>
        <translation>普通 RNN &lt;b&gt;没有门&lt;/b&gt;：这里没有什么会饱和。它的 tanh 隐藏状态在“门控”子标签页中；可以在“预测与梯度”中把它的梯度流与 GRU 或 LSTM 的对比。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>An open forget gate &lt;i&gt;keeps&lt;/i&gt; the memory; a closed one &lt;i&gt;erases&lt;/i&gt; it.</source>
        <translation>打开的遗忘门&lt;i&gt;保留&lt;/i&gt;记忆；关闭的遗忘门&lt;i&gt;擦除&lt;/i&gt;记忆。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An open update gate &lt;i&gt;keeps&lt;/i&gt; the previous hidden state; a closed one &lt;i&gt;replaces&lt;/i&gt; it.</source>
        <translation>打开的更新门&lt;i&gt;保留&lt;/i&gt;上一时刻的隐藏状态；关闭的更新门&lt;i&gt;替换&lt;/i&gt;它。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{open} open · {closed} closed</source>
        <extracomment>A text, or a function that says it in the current language.</extracomment>
        <translation>{open} 个打开 · {closed} 个关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Layer {layer}</source>
        <translation>第 {layer} 层</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Units (of {units} per layer) whose gate is &lt;b&gt;open&lt;/b&gt; (&amp;gt; 0.9) or &lt;b&gt;closed&lt;/b&gt; (&amp;lt; 0.1) on more than half of all steps.</source>
        <translation>在超过一半的时间步上门处于&lt;b&gt;打开&lt;/b&gt;（&amp;gt; 0.9）或&lt;b&gt;关闭&lt;/b&gt;（&amp;lt; 0.1）状态的单元（每层共 {units} 个）。</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>One point per unit. x: fraction of steps the gate is below 0.1 (left-saturated); y: fraction above 0.9 (right-saturated). Click a point to inspect that unit.</source>
        <translation>每个点是一个单元。x：门低于 0.1 的时间步比例（左饱和）；y：高于 0.9 的比例（右饱和）。点击一个点可检视该单元。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run the sampled test digits through the current model (during training: the latest weights) and redraw. Runs in the background.</source>
        <translation>用当前模型（训练期间：最新的权重）重新计算抽样的测试数字并重绘。在后台运行。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> digits</source>
        <translation> 个数字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many test digits (a fixed random sample) to measure over.</source>
        <translation>在多少个测试数字（固定的随机样本）上测量。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Units whose gate is saturated on more than half of all steps.</source>
        <translation>在超过一半的时间步上门处于饱和的单元。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sample:</source>
        <translation>样本：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gate saturation (Karpathy, Johnson &amp;amp; Fei-Fei 2015): each point is one unit; &lt;b&gt;x&lt;/b&gt; = fraction of steps its gate is &lt;b&gt;below 0.1&lt;/b&gt; (closed), &lt;b&gt;y&lt;/b&gt; = fraction &lt;b&gt;above 0.9&lt;/b&gt; (open). A forget gate (or a GRU&apos;s update gate) that is open &lt;i&gt;keeps&lt;/i&gt; the memory; a closed one &lt;i&gt;erases&lt;/i&gt; it. Points on the diagonal are always saturated.</source>
        <translation>门控饱和（Karpathy、Johnson 与 Fei-Fei，2015）：每个点是一个单元；&lt;b&gt;x&lt;/b&gt; = 门&lt;b&gt;低于 0.1&lt;/b&gt;（关闭）的时间步比例，&lt;b&gt;y&lt;/b&gt; = &lt;b&gt;高于 0.9&lt;/b&gt;（打开）的比例。打开的遗忘门（或 GRU 的更新门）&lt;i&gt;保留&lt;/i&gt;记忆；关闭的则&lt;i&gt;擦除&lt;/i&gt;记忆。对角线上的点总是处于饱和。</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+107"/>
        <location filename="../../train/_curves.py" line="+152"/>
        <source>layer {layer}</source>
        <translation>第 {layer} 层</translation>
    </message>
    <message>
        <location line="-96"/>
        <source>Recompute with the latest training weights</source>
        <translation>用最新的训练权重重新计算</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recompute with current weights</source>
        <translation>用当前权重重新计算</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>fraction of steps &amp;gt; 0.9 (right-saturated)</source>
        <translation>时间步比例 &amp;gt; 0.9（右饱和）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fraction of steps &amp;lt; 0.1 (left-saturated)</source>
        <translation>时间步比例 &amp;lt; 0.1（左饱和）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Measuring {count} digits in the background…</source>
        <translation>正在后台测量 {count} 个数字…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Failed: {problem}</source>
        <translation>失败：{problem}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The model changed: press Recompute to measure the new weights.</source>
        <translation>模型已改变：按“重新计算”以测量新的权重。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>: a plain RNN has no gates, so nothing saturates</source>
        <translation>：普通 RNN 没有门，所以没有什么会饱和</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>with {weights}</source>
        <translation>使用{weights}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{count} test digits × {steps} steps, {source}{gates}.</source>
        <translation>{count} 个测试数字 × {steps} 个时间步，{source}{gates}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not computed yet.</source>
        <translation>尚未计算。</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>layer {layer}, unit {unit}
{low} of steps &lt; 0.1, {high} &gt; 0.9</source>
        <translation>第 {layer} 层，单元 {unit}
{low} 的时间步 &lt; 0.1，{high} &gt; 0.9</translation>
    </message>
    <message>
        <location filename="../../train/_curves.py" line="-308"/>
        <source>forget gate</source>
        <extracomment>Per gate (short name): its title and what its saturation means (Qt context ``SaturationPanel``).</extracomment>
        <translation>遗忘门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>f &gt; 0.9: the cell keeps its memory; f &lt; 0.1: the cell erases it.</source>
        <translation>f &gt; 0.9：细胞保留记忆；f &lt; 0.1：细胞擦除记忆。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>input gate</source>
        <translation>输入门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>i &gt; 0.9: the candidate g is written into the cell; i &lt; 0.1: it is ignored.</source>
        <translation>i &gt; 0.9：候选值 g 被写入细胞；i &lt; 0.1：它被忽略。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>output gate</source>
        <translation>输出门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>o &gt; 0.9: the cell is shown through h; o &lt; 0.1: it is hidden.</source>
        <translation>o &gt; 0.9：细胞状态通过 h 输出；o &lt; 0.1：它被隐藏。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>update gate</source>
        <translation>更新门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>z &gt; 0.9: the unit keeps its previous hidden state; z &lt; 0.1: it replaces it with the new content n.</source>
        <translation>z &gt; 0.9：单元保留上一时刻的隐藏状态；z &lt; 0.1：用新内容 n 替换它。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>reset gate</source>
        <translation>重置门</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>r &gt; 0.9: the new content reads all of the previous hidden state; r &lt; 0.1: it ignores it (a fresh start).</source>
        <translation>r &gt; 0.9：新内容读取全部上一时刻的隐藏状态；r &lt; 0.1：忽略它（重新开始）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A plain RNN has &lt;b&gt;no gates&lt;/b&gt;: nothing here can saturate.&lt;br&gt;Its hidden state h, squashed by tanh, is in the heatmaps below.</source>
        <translation>普通 RNN &lt;b&gt;没有门&lt;/b&gt;：这里没有什么会饱和。&lt;br&gt;它经 tanh 压缩的隐藏状态 h 显示在下方的热图中。</translation>
    </message>
    <message>
        <location line="+267"/>
        <source>% of values</source>
        <translation>数值占比 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Share of all values over the probe batch (every digit, timestep and unit): bold line &gt; 0.9, thin pale line &lt; 0.1.</source>
        <translation>在整批探针上（每个数字、时间步和单元）所有数值中的占比：粗线 &gt; 0.9，细浅线 &lt; 0.1。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How many gate values sit near 0 or 1, while training</source>
        <translation>训练过程中有多少门值接近 0 或 1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>bold: values &amp;gt; 0.9 &amp;nbsp;·&amp;nbsp; thin, pale: values &amp;lt; 0.1</source>
        <translation>粗线：数值 &amp;gt; 0.9 &amp;nbsp;·&amp;nbsp; 细浅线：数值 &amp;lt; 0.1</translation>
    </message>
</context>
<context>
    <name>SequenceInput</name>
    <message>
        <location filename="../../inspect/_sequence_input.py" line="+191"/>
        <source>1 step</source>
        <translation>1 个时间步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} steps</source>
        <translation>{count} 个时间步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 feature</source>
        <translation>1 个特征</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{count} features</source>
        <translation>{count} 个特征</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> (settled)</source>
        <translation>（已稳定）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>t = {step} of {steps}: read steps 1–{step}; would answer class &lt;b&gt;{guess}&lt;/b&gt; ({percent}){settled}. Final answer {answer} leads from t = {leading}.</source>
        <translation>t = {step}/{steps}：已读取第 1–{step} 步；此时会回答类别 &lt;b&gt;{guess}&lt;/b&gt;（{percent}）{settled}。最终答案 {answer} 从 t = {leading} 起领先。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> (largest: {index})</source>
        <translation>（最大：{index}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>t = {step} of {steps}: read steps 1–{step}; outputs {shown}{largest}.</source>
        <translation>t = {step}/{steps}：已读取第 1–{step} 步；输出 {shown}{largest}。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>t = {step} of {steps}: read steps 1–{step}; output {shown}{largest}.</source>
        <translation>t = {step}/{steps}：已读取第 1–{step} 步；输出 {shown}{largest}。</translation>
    </message>
</context>
<context>
    <name>SequenceInputView</name>
    <message>
        <location line="-127"/>
        <source>The input as the network reads it: one column of values per timestep.
The pink line is the current step; shaded steps are not read yet.</source>
        <translation>网络读取到的输入：每个时间步一列数值。
粉色线是当前时间步；阴影部分的时间步尚未读取。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open sequence…</source>
        <translation>打开序列…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Feed the model your own sequence: .npy/.npz ([T, F] or [N, T, F]), .csv (one row per step, one column per feature) or .txt (character models).</source>
        <translation>用你自己的序列喂给模型：.npy/.npz（[T, F] 或 [N, T, F]）、.csv（每行一个时间步，每列一个特征）或 .txt（字符模型）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>sequence </source>
        <translation>序列 </translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+21"/>
        <source> of {count}</source>
        <translation> / 共 {count} 个</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Which sequence of the file to inspect.</source>
        <translation>要检视文件中的哪一个序列。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+74"/>
        <source>feature</source>
        <translation>特征</translation>
    </message>
    <message>
        <location line="-74"/>
        <location line="+50"/>
        <source>value</source>
        <translation>数值</translation>
    </message>
</context>
<context>
    <name>SequenceInspection</name>
    <message>
        <location filename="../../inspect/_sequence_tab.py" line="+59"/>
        <source>Open a sequence</source>
        <extracomment>The prompt on screen (problem, advice), as functions that say it in the current language.</extracomment>
        <translation>打开序列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sequences (*.npy *.npz *.csv *.tsv *.txt);;All files (*)</source>
        <translation>序列 (*.npy *.npz *.csv *.tsv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cannot open the sequence</source>
        <translation>无法打开该序列</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Input: {shape}</source>
        <translation>输入：{shape}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>no head: the last layer&apos;s h is the output</source>
        <translation>没有输出头：最后一层的 h 就是输出</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> ✓ correct</source>
        <translation> ✓ 正确</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> ✗ label {label}</source>
        <translation> ✗ 标签 {label}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>predicted class &lt;b&gt;{answer}&lt;/b&gt; ({percent}){verdict}</source>
        <translation>预测类别 &lt;b&gt;{answer}&lt;/b&gt;（{percent}）{verdict}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> (largest: &lt;b&gt;{index}&lt;/b&gt;)</source>
        <translation>（最大：&lt;b&gt;{index}&lt;/b&gt;）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>outputs {values}</source>
        <translation>输出 {values}</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Open a sequence for it: a &lt;b&gt;.npy&lt;/b&gt; or &lt;b&gt;.npz&lt;/b&gt; array of [T, F] or [N, T, F] values, a &lt;b&gt;.csv&lt;/b&gt; file with one row per step and one column per feature, or a &lt;b&gt;.txt&lt;/b&gt; file for a character model. Use the &lt;b&gt;Open sequence…&lt;/b&gt; button on the left or File → Open sequence…</source>
        <translation>为它打开一个序列：形状为 [T, F] 或 [N, T, F] 的 &lt;b&gt;.npy&lt;/b&gt; 或 &lt;b&gt;.npz&lt;/b&gt; 数组、每行一个时间步且每列一个特征的 &lt;b&gt;.csv&lt;/b&gt; 文件，或者字符模型用的 &lt;b&gt;.txt&lt;/b&gt; 文件。请使用左侧的&lt;b&gt;打开序列…&lt;/b&gt;按钮，或“文件 → 打开序列…”</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>This model reads sequences of 1 feature per step, not digit rows.</source>
        <translation>这个模型读取每步 1 个特征的序列，而不是数字图像的行。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This model reads sequences of {count} features per step, not digit rows.</source>
        <translation>这个模型读取每步 {count} 个特征的序列，而不是数字图像的行。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This model reads token ids; this sequence holds feature vectors.</source>
        <translation>这个模型读取词元 ID；而这个序列包含的是特征向量。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This sequence has %n feature(s) per step; the model reads {count}.</source>
        <translation>这个序列每步有 %n 个特征；而模型每步读取 {count} 个。</translation>
    </message>
</context>
<context>
    <name>StepChart</name>
    <message>
        <location filename="../../draw/_plots.py" line="+63"/>
        <source>How the guess evolves as the network reads the digit, step by step</source>
        <translation>网络逐步读取数字时，猜测如何变化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The network reads the 28x28 input one row per step, top to bottom (or a few pixels
per step). After each step its hidden state h already gives a guess: one curve per
digit. The thick curve is the final answer; early rows are often ambiguous (a 7 and a 9
start alike).</source>
        <translation>网络每个时间步读取 28x28 输入的一行，自上而下（或每步读取几个
像素）。每读完一步，它的隐藏状态 h 就已经给出一个猜测：每个数字
一条曲线。粗线是最终答案；开头几行常常有歧义（7 和 9 的开头
很像）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>steps read ({unit})</source>
        <translation>已读取的时间步（{unit}）</translation>
    </message>
</context>
<context>
    <name>StepScrubber</name>
    <message>
        <location filename="../../inspect/_scrubber.py" line="+45"/>
        <location line="+52"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="-52"/>
        <location line="+52"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Play the steps one after another (Space).</source>
        <translation>依次播放各个时间步（空格键）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timestep t: the network has read the input up to step t, e.g. image rows 1..t (Left/Right arrows, Home/End).</source>
        <translation>时间步 t：网络已读取到第 t 步的输入，例如图像的第 1..t 行（左/右方向键，Home/End 键）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The current timestep t of all the steps the input takes.</source>
        <translation>当前时间步 t / 输入的总时间步数。</translation>
    </message>
</context>
<context>
    <name>SweepPanel</name>
    <message>
        <location filename="../../lab/_plots.py" line="+211"/>
        <source>Final score against sequence length</source>
        <translation>最终得分随序列长度的变化</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>length T</source>
        <translation>长度 T</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>learned nothing</source>
        <translation>什么都没学到</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>solved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>One point per finished run: the score on fresh held-out sequences after all its steps.
Filled in as runs finish; results with the same settings are kept between sessions.</source>
        <translation>每次完成的运行对应一个点：全部步数训练完后在新的留出序列上的得分。
运行完成时填入；设置相同的结果会在会话之间保留。</translation>
    </message>
</context>
<context>
    <name>TestSetBrowser</name>
    <message>
        <location filename="../../inspect/_testset.py" line="+41"/>
        <source>All test digits</source>
        <translation>全部测试数字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Misclassified only</source>
        <translation>仅分类错误的</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Which test digits to list. &apos;Misclassified&apos; and the confusion cell need the test-set evaluation (runs in the background).</source>
        <translation>列出哪些测试数字。“仅分类错误的”和混淆矩阵格子需要测试集评估结果（在后台运行）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type a test-digit number and press Enter to inspect it.</source>
        <translation>输入测试数字的编号并按回车键即可检视它。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test digits: number, true label → prediction, confidence. Click one to inspect it.</source>
        <translation>测试数字：编号、真实标签 → 预测、置信度。点击一个即可检视。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Confusion cell</source>
        <translation>混淆矩阵格子</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cell: label {label} → predicted {predicted}</source>
        <translation>格子：标签 {label} → 预测为 {predicted}</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>(evaluating the test set…)</source>
        <translation>（正在评估测试集…）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>misclassified</source>
        <translation>分类错误</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(click a confusion-matrix cell)</source>
        <translation>（请点击混淆矩阵中的一个格子）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>with label {label} predicted as {predicted}</source>
        <translation>标签为 {label} 且被预测为 {predicted}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{shown} of {total} test digits {note}</source>
        <translation>{shown} / {total} 个测试数字 {note}</translation>
    </message>
</context>
<context>
    <name>TextCorpus</name>
    <message>
        <location filename="../../text/_texts.py" line="+44"/>
        <source>shakespeare</source>
        <extracomment>``Corpus.name`` of the corpora that are not a user&apos;s file.</extracomment>
        <translation>莎士比亚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>python-stdlib</source>
        <translation>Python 标准库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>generated</source>
        <translation>生成语料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Romeo and Juliet</source>
        <extracomment>``SHAKESPEARE_PLAYS``: the titles of the bundled plays, as Chinese editions name them.</extracomment>
        <translation>罗密欧与朱丽叶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Julius Caesar</source>
        <translation>尤利乌斯·恺撒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hamlet</source>
        <translation>哈姆雷特</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Twelfth Night</source>
        <translation>第十二夜</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Othello</source>
        <translation>奥赛罗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>King Lear</source>
        <translation>李尔王</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Macbeth</source>
        <translation>麦克白</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The Tempest</source>
        <translation>暴风雨</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Shakespeare, {count} plays ({plays}), {chars} characters, from the Open Shakespeare package</source>
        <extracomment>``Corpus.description`` of the corpora the tab loads (the bundled ones, a user&apos;s file, a plain string).</extracomment>
        <translation>莎士比亚，{count} 部戏剧（{plays}），共 {chars} 个字符，取自 Open Shakespeare 数据包</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>generated: a synthetic language with nested (), [] and {braces}, quoted strings, # comments and indentation; {chars} characters, seed {seed}</source>
        <translation>生成语料：一种人工语言，含嵌套的 ()、[] 和 {braces}、带引号的字符串、# 注释和缩进；共 {chars} 个字符，随机种子 {seed}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Python {version} standard library: {used} of {total} source files sampled (seed {seed}), {bytes} bytes</source>
        <translation>Python {version} 标准库：从 {total} 个源文件中抽取了 {used} 个（随机种子 {seed}），共 {bytes} 字节</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a text of {chars} characters</source>
        <translation>一段 {chars} 个字符的文本</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>{size} bytes</source>
        <translation>{size} 字节</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name}: sampled {chars} characters in {pieces} pieces spread evenly over the file&apos;s {size}</source>
        <translation>{name}：在文件的 {size} 中均匀抽取了 {pieces} 段，共 {chars} 个字符</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name}: {chars} characters</source>
        <translation>{name}：{chars} 个字符</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; {count} undecodable bytes shown as {mark}</source>
        <translation>；{count} 个无法解码的字节显示为 {mark}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>; {count} NUL bytes dropped</source>
        <translation>；丢弃了 {count} 个空字节</translation>
    </message>
</context>
<context>
    <name>TextEquations</name>
    <message>
        <location filename="../../text/_equations.py" line="+33"/>
        <source>character {index} of {count}, &lt;tt&gt;{char}&lt;/tt&gt;</source>
        <translation>第 {index} 个字符 &lt;tt&gt;{char}&lt;/tt&gt;（共 {count} 个）</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>; next is &lt;tt&gt;{char}&lt;/tt&gt; ({probability}, {bits} bits)</source>
        <translation>；实际下一个是 &lt;tt&gt;{char}&lt;/tt&gt;（{probability}，{bits} 比特）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next character: {guesses}</source>
        <translation>下一个字符：{guesses}</translation>
    </message>
</context>
<context>
    <name>TextError</name>
    <message>
        <location filename="../../text/_texts.py" line="-88"/>
        <source>{path}: no such file, and not a corpus name ({names})</source>
        <extracomment>A user&apos;s file (``open_text_file``): what was read, then what was dropped or replaced. The errors the tab can show: a corpus that cannot be loaded (``CorpusError``), a text too short to train on, a checkpoint that is not a character model.</extracomment>
        <translation>{path}：没有这个文件，也不是语料名称（{names}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path}: no such file</source>
        <translation>{path}：没有这个文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{path}: cannot be read ({error})</source>
        <translation>{path}：无法读取（{error}）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{path}: is a folder, not a text file</source>
        <translation>{path}：是文件夹，不是文本文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path}: is not a regular file</source>
        <translation>{path}：不是普通文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{path}: is empty</source>
        <translation>{path}：是空文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{path}: looks binary (NUL bytes near the start); open a UTF-8 text file</source>
        <translation>{path}：看起来是二进制文件（开头附近有空字节）；请打开 UTF-8 文本文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{path}: is not UTF-8 text (its start cannot be decoded); open a UTF-8 text file</source>
        <translation>{path}：不是 UTF-8 文本（开头无法解码）；请打开 UTF-8 文本文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path}: is not UTF-8 text ({bad} of {chars} characters undecodable)</source>
        <translation>{path}：不是 UTF-8 文本（{chars} 个字符中有 {bad} 个无法解码）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{path}: holds no text (only whitespace or NUL bytes)</source>
        <translation>{path}：不含文本（只有空白或空字节）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a text of {chars} characters is too short to hold out {share} of it</source>
        <translation>{chars} 个字符的文本太短，无法留出其中的 {share}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{chars} characters are too few for {batch} x {length} (need {need})</source>
        <translation>{chars} 个字符不够组成 {batch} x {length} 的批次（需要 {need} 个）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path}: not a character model for its {size}-symbol vocabulary (embedding, a guess at every character)</source>
        <translation>{path}：不是与其 {size} 个符号的词表相配的字符模型（需要嵌入层，并在每个字符处给出猜测）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{path}: this model was trained on {task}, not on text</source>
        <translation>{path}：这个模型是在 {task} 上训练的，不是在文本上</translation>
    </message>
</context>
<context>
    <name>TextForm</name>
    <message>
        <location filename="../../text/_form.py" line="+11"/>
        <source>Shakespeare</source>
        <translation>莎士比亚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Eight plays, bundled (1.05 million characters).</source>
        <translation>八部戏剧，随应用内置（105 万个字符）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Python stdlib</source>
        <translation>Python 标准库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 MB of this Python&apos;s own standard library source.</source>
        <translation>取自当前 Python 自带标准库源码的 1 MB。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Generated</source>
        <translation>生成语料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A synthetic language with nested brackets, strings, comments and indentation, whose true structure is known: the cell finder&apos;s best test.</source>
        <translation>一种带嵌套括号、字符串、注释和缩进的人工语言，其真实结构已知：最适合检验单元查找。</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Loading the text model…</source>
        <extracomment>The combo box entry (its data) that opens a file dialog.</extracomment>
        <translation>正在加载文本模型…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Open a text file…</source>
        <translation>打开文本文件…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>corpus</source>
        <translation>语料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The text the model learns from (its last 10% is held out for measuring).</source>
        <translation>模型学习所用的文本（最后 10% 留出用于评估）。</translation>
    </message>
    <message>
        <location line="+40"/>
        <source> layers</source>
        <translation> 层</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>Layers of a new model.</source>
        <translation>新模型的层数。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source> layer</source>
        <translation> 层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> epoch</source>
        <translation> 轮</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> units</source>
        <translation> 个单元</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Units per layer of a new model.</source>
        <translation>新模型每层的单元数。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source> epochs</source>
        <translation> 轮</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Passes over the corpus.</source>
        <translation>遍历语料的次数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>continue the loaded model</source>
        <translation>继续训练已加载的模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train the model shown (its vocabulary and shape) instead of a new one.</source>
        <translation>训练当前显示的模型（沿用其词表和结构），而不是新建一个。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+18"/>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location line="-18"/>
        <location line="+18"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save model…</source>
        <translation>保存模型…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a character model&apos;s checkpoint (&lt;code&gt;lstm-studio train --task text&lt;/code&gt;).</source>
        <translation>打开字符模型的检查点（&lt;code&gt;lstm-studio train --task text&lt;/code&gt;）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the model shown, with its vocabulary, as a checkpoint.</source>
        <translation>把当前显示的模型连同词表保存为检查点。</translation>
    </message>
</context>
<context>
    <name>TextInspector</name>
    <message>
        <location filename="../../text/_inspector.py" line="+54"/>
        <source>Type or paste any text; the model reads it character by character.</source>
        <translation>输入或粘贴任意文本；模型会逐字符读取。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scrub through the text character by character (or click a character; ←/→).</source>
        <translation>逐字符浏览文本（也可以点击某个字符；←/→）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>connectivity</source>
        <translation>连通性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unit value</source>
        <translation>单元值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>connectivity: how strongly the guess after the chosen character depends on each earlier character (‖∂ log p / ∂ embedding‖); unit value: the chosen unit.</source>
        <translation>连通性：所选字符之后的猜测在多大程度上依赖于前面的每个字符（‖∂ log p / ∂ 嵌入‖）；单元值：所选单元的值。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unit </source>
        <translation>单元 </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The unit whose gates are plotted and written out below.</source>
        <translation>下方绘出其门控并写出算式的单元。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>characters before / after the chosen one</source>
        <translation>所选字符之前 / 之后的字符数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A unit counts as on where its h is above this value (LSTMVis).</source>
        <translation>单元的 h 高于此值时算作激活（LSTMVis）。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search held-out text</source>
        <translation>搜索留出文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find other places in the corpus&apos;s held-out text where the same units are on.</source>
        <translation>在语料的留出文本中查找这些单元同样激活的其他位置。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>character</source>
        <translation>字符</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>colour by</source>
        <translation>着色依据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;Patterns&lt;/b&gt; on above</source>
        <translation>&lt;b&gt;模式&lt;/b&gt; 激活阈值</translation>
    </message>
    <message>
        <location line="+146"/>
        <source>{index} of {count}: {char}</source>
        <translation>第 {index} 个（共 {count} 个）：{char}</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Drag across characters to select a span: the units of the chosen layer that are on there and off around it are listed here.</source>
        <translation>拖过若干字符选出一段：所选层中在这段内激活、在其前后未激活的单元会列在这里。</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n unit(s) of layer {layer} on at characters {first}–{last} and off around them: {units}</source>
        <translation>
            <numerusform>第 {layer} 层有 %n 个单元在第 {first}–{last} 个字符处激活、在其前后未激活：{units}</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>no other place where these units are on together</source>
        <translation>没有其他位置让这些单元同时激活</translation>
    </message>
</context>
<context>
    <name>TextPatterns</name>
    <message>
        <location filename="../../text/_patterns.py" line="+62"/>
        <source>reading {count} characters of held-out text…</source>
        <translation>正在读取 {count} 个字符的留出文本…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>({share} on)</source>
        <translation>（{share} 激活）</translation>
    </message>
</context>
<context>
    <name>TextSignal</name>
    <message>
        <location filename="../../text/_texts.py" line="-105"/>
        <source>inside double quotes</source>
        <translation>在双引号内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>number of open (, [ and {</source>
        <translation>未闭合的 (、[ 和 { 的个数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inside round brackets</source>
        <translation>在圆括号内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>column in the line, from 0</source>
        <translation>在行中的列号（从 0 开始）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>leading spaces of the line read so far</source>
        <translation>已读部分中本行开头的空格数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inside a Python # comment</source>
        <translation>在 Python 的 # 注释内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inside a Python string literal</source>
        <translation>在 Python 字符串字面量内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>last character of a word</source>
        <translation>单词的最后一个字符</translation>
    </message>
</context>
<context>
    <name>TextSignalName</name>
    <message>
        <location line="+5"/>
        <source>inside_quotes</source>
        <extracomment>The signals&apos; names (``SIGNALS``&apos; keys): identifiers the CLI takes, shown in the app&apos;s language.</extracomment>
        <translation>双引号内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bracket_depth</source>
        <translation>括号深度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inside_parentheses</source>
        <translation>圆括号内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>position_in_line</source>
        <translation>行内位置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>indentation</source>
        <translation>缩进</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inside_comment</source>
        <translation>注释内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>inside_string</source>
        <translation>字符串内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>end_of_word</source>
        <translation>词尾</translation>
    </message>
</context>
<context>
    <name>TextTab</name>
    <message>
        <location filename="../../text/_tab.py" line="+73"/>
        <source>Loading the text model…</source>
        <translation>正在加载文本模型…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Live</source>
        <translation>实时训练</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Training live: bits per character, samples, gates.</source>
        <translation>实时训练：每字符比特数、生成样本、门控。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Inspect text</source>
        <translation>检视文本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Any text, character by character.</source>
        <translation>任意文本，逐字符查看。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cell finder</source>
        <translation>单元查找</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Which units track which property of the text.</source>
        <translation>哪些单元在追踪文本的哪种特性。</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>Training failed: {error}</source>
        <translation>训练失败：{error}</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Cannot use this text</source>
        <translation>无法使用此文本</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Loading the bundled text model</source>
        <translation>加载内置文本模型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Loading the corpus</source>
        <translation>加载语料</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Writing a sample</source>
        <translation>生成样本</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Finding cells</source>
        <translation>查找单元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading the held-out text</source>
        <translation>读取留出文本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{doing} failed: {error}</source>
        <translation>{doing}失败：{error}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Open a text file</source>
        <translation>打开文本文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Text files (*.txt *.py *.md);;All (*)</source>
        <translation>文本文件 (*.txt *.py *.md);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Loading {name}…</source>
        <translation>正在加载 {name}…</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>, {bits} bits/char held-out</source>
        <translation>，留出集 {bits} 比特/字符</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{model}&lt;br&gt;{layers} × {hidden} {cell}, {symbols} symbols</source>
        <translation>{model}&lt;br&gt;{layers} × {hidden} {cell}，{symbols} 个符号</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Held-out passage ({model})</source>
        <translation>留出段落（{model}）</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Training on {task}…</source>
        <translation>正在训练：{task}…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Held-out passage, step {step}</source>
        <translation>留出段落，第 {step} 步</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>step {step} · epoch {epoch}/{epochs} · {speed} characters/s · training {bits} bits/char</source>
        <translation>第 {step} 步 · 第 {epoch}/{epochs} 轮 · {speed} 字符/秒 · 训练 {bits} 比特/字符</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> · held-out {bits}</source>
        <translation> · 留出集 {bits}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>diverged</source>
        <translation>发散</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{status} ({reason})</source>
        <translation>{status}（{reason}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training {status}: {steps} steps</source>
        <translation>训练{status}：{steps} 步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, held-out {bits} bits/char</source>
        <translation>，留出集 {bits} 比特/字符</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>{model}, temperature {value}</source>
        <translation>{model}，温度 {value}</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The inspector reads the first {count} characters of the text.</source>
        <translation>检视器只读取文本的前 {count} 个字符。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Reading {count} characters of held-out text…</source>
        <translation>正在读取 {count} 个字符的留出文本…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>held-out {name} text</source>
        <translation>{name}的留出文本</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Open a text model</source>
        <translation>打开文本模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checkpoints (*.pt);;All (*)</source>
        <translation>检查点 (*.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cannot open the text model</source>
        <translation>无法打开文本模型</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save the text model</source>
        <translation>保存文本模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checkpoints (*.pt)</source>
        <translation>检查点 (*.pt)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>{path}: cannot write ({error})</source>
        <translation>{path}：无法写入（{error}）</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Cannot save the text model</source>
        <translation>无法保存文本模型</translation>
    </message>
    <message>
        <location filename="../../text/_texts.py" line="+161"/>
        <source>text ({name}, {chars} characters, {symbols} symbols, {length} characters per sequence)</source>
        <translation>文本（{name}，{chars} 个字符，{symbols} 个符号，每个序列 {length} 个字符）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{field} · layer {layer} · unit {unit}</source>
        <translation>{field} · 第 {layer} 层 · 单元 {unit}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{signal}: {field} of layer {layer}, unit {unit} (r = {r})</source>
        <translation>{signal}：第 {layer} 层单元 {unit} 的 {field}（r = {r}）</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <location filename="../../inspect/_timeline.py" line="+82"/>
        <source>Prediction over time: p(class) after reading steps 1..t</source>
        <translation>预测随时间的变化：读完第 1..t 步后的 p(类别)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>At the current step</source>
        <translation>当前时间步</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gradient flow through time</source>
        <translation>梯度随时间的回传</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>gradient norm (log scale)</source>
        <translation>梯度范数（对数坐标）</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>settles</source>
        <translation>稳定</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{answer} leads from t={step}</source>
        <translation>{answer} 从 t={step} 起领先</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> (it first led at t = {step}, then lost the lead again)</source>
        <translation>（它曾在 t = {step} 首次领先，之后又失去领先）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The final answer &lt;b&gt;{answer}&lt;/b&gt; leads from step &lt;b&gt;{step}&lt;/b&gt; on and keeps the lead to the end{also}. Dashed line: that step; pink line: the current step.</source>
        <translation>最终答案 &lt;b&gt;{answer}&lt;/b&gt; 从第 &lt;b&gt;{step}&lt;/b&gt; 步起领先，并一直保持到最后{also}。虚线：该时间步；粉色线：当前时间步。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Gradient flow: no input.</source>
        <translation>梯度流：没有输入。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the true label {label}</source>
        <translation>真实标签 {label}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the predicted class {label} (no label known)</source>
        <translation>预测类别 {label}（标签未知）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>‖∂loss/∂h&lt;sub&gt;t&lt;/sub&gt;‖ per layer and ‖∂loss/∂x&lt;sub&gt;t&lt;/sub&gt;‖ (the input at step t), loss = cross-entropy w.r.t. {target} = {loss}. Where the curves fall towards t = 1, the learning signal fades on its way back through time.</source>
        <translation>每层的 ‖∂loss/∂h&lt;sub&gt;t&lt;/sub&gt;‖ 以及 ‖∂loss/∂x&lt;sub&gt;t&lt;/sub&gt;‖（第 t 步的输入），损失 = 相对于{target}的交叉熵 = {loss}。曲线越往 t = 1 方向下降，说明学习信号在沿时间反向传播时越来越弱（梯度消失）。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>‖∂L/∂h‖ layer {layer}</source>
        <translation>‖∂L/∂h‖ 第 {layer} 层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>‖∂L/∂x‖ (input at t)</source>
        <translation>‖∂L/∂x‖（第 t 步的输入）</translation>
    </message>
</context>
<context>
    <name>TrainControls</name>
    <message>
        <location filename="../../train/_controls.py" line="+22"/>
        <source>Auto (best available)</source>
        <translation>自动（最佳可用设备）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CUDA (GPU)</source>
        <translation>CUDA（GPU）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MPS (Apple GPU)</source>
        <translation>MPS（Apple GPU）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PyTorch default</source>
        <extracomment>The forget gate&apos;s initial bias: PyTorch&apos;s default (uniform around 0), or 1 (keep by default).</extracomment>
        <translation>PyTorch 默认值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 (keep at first)</source>
        <translation>1（起初保留）</translation>
    </message>
    <message>
        <location line="+144"/>
        <source>&lt;b&gt;Start from&lt;/b&gt;</source>
        <translation>&lt;b&gt;起点&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scratch: random weights</source>
        <translation>从零开始：随机权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Train a new network of the shape below from random weights: the curves start at chance and you watch it learn.</source>
        <translation>以随机权重训练一个下方形状的新网络：曲线从随机猜测的水平开始，你可以看着它学习。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The current model</source>
        <translation>当前模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep training the model Draw and Inspect show now (the bundled one, a file, or the last run).
It must have the shape below; the bundled model is already trained, so its curves start near the top.</source>
        <translation>继续训练绘制和检视当前显示的模型（内置模型、文件中的模型或上一次训练的结果）。
它必须具有下方的形状；内置模型已经训练好，所以它的曲线一开始就接近顶部。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>watch it learn</source>
        <translation>看着它学习</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>continue training it</source>
        <translation>继续训练它</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cell</source>
        <translation>细胞类型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The recurrent cell: a plain RNN, a GRU, or an LSTM (three variants).
Changing the cell makes Train start from fresh weights.</source>
        <translation>循环细胞：普通 RNN、GRU 或 LSTM（三种变体）。
更换细胞类型后，训练会从新的随机权重开始。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stacked recurrent layers. Each layer reads the hidden states of the one below.
Changing the shape makes Train start from fresh weights.</source>
        <translation>堆叠的循环层。每一层读取下一层的隐藏状态。
改变形状后，训练会从新的随机权重开始。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hidden size</source>
        <translation>隐藏单元数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Units per layer: the size of the hidden state h (and of an LSTM&apos;s cell state c).
Changing the shape makes Train start from fresh weights.</source>
        <translation>每层的单元数：隐藏状态 h（以及 LSTM 的细胞状态 c）的大小。
改变形状后，训练会从新的随机权重开始。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Forget bias</source>
        <translation>遗忘门偏置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The forget gate&apos;s bias when a run starts from random weights.
1 makes a new LSTM keep its cell state until it learns to erase it (Gers et al. 2000; Jozefowicz et al. 2015).
Only for cells with a forget gate; ignored when training continues a model.</source>
        <translation>从随机权重开始训练时遗忘门的偏置。
取 1 时，新的 LSTM 会先保留细胞状态，直到学会擦除它（Gers 等，2000；Jozefowicz 等，2015）。
只对有遗忘门的细胞有效；继续训练已有模型时忽略。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Dropout</source>
        <translation>丢弃率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dropout between stacked layers while training (none with a single layer)</source>
        <translation>训练时堆叠层之间的丢弃率（只有一层时不使用）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adam learning rate. 1e-3 is a good start; 10 makes training diverge
(the run then stops with the reason and keeps the model as it was).</source>
        <translation>Adam 学习率。1e-3 是不错的起点；10 会使训练发散
（训练随即停止并给出原因，模型保持原样）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>LR schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the learning rate constant, or decay it to 0 over the run</source>
        <translation>保持学习率不变，或在训练过程中把它衰减到 0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cosine decay</source>
        <translation>余弦衰减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Digits per optimiser step (the arrows double and halve it)</source>
        <translation>每个优化步使用的数字个数（箭头按钮会使其加倍或减半）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Passes over the training digits in this run</source>
        <translation>本次训练遍历训练数字的轮数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batches/epoch</source>
        <translation>每轮批次数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop each epoch after this many batches (all: the whole training set).
Small numbers make quick demonstrations.</source>
        <translation>每轮只训练这么多个批次（全部：整个训练集）。
较小的数字适合快速演示。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jitter digits</source>
        <translation>随机扰动数字</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Augment</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Randomly rotate, scale, shear, shift and thicken the training digits,
so the network also reads hand-drawn digits well</source>
        <translation>对训练数字随机旋转、缩放、错切、平移和加粗，
使网络也能很好地读取手写的数字</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Probe every</source>
        <translation>探针间隔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trace the probe digits&apos; gates every N optimiser steps.
auto: as often as possible while tracing takes at most 1% of training time.</source>
        <translation>每隔 N 个优化步追踪一次探针数字的门控。
自动：在追踪耗时不超过训练时间 1% 的前提下尽量频繁。</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+9"/>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where to train: Auto picks a GPU when there is one, else the CPU</source>
        <translation>在哪里训练：“自动”在有 GPU 时选用 GPU，否则用 CPU</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU threads for training (this machine has {cores} cores).
auto: all but one, so the window stays responsive.</source>
        <translation>训练使用的 CPU 线程数（本机有 {cores} 个核心）。
自动：除一个核心外全部使用，使窗口保持流畅。</translation>
    </message>
</context>
<context>
    <name>TrainPanels</name>
    <message>
        <location filename="../../train/_panels.py" line="+19"/>
        <source>&lt;b&gt;f&lt;/b&gt; forget gate: near 1 &lt;i&gt;keeps&lt;/i&gt; the cell&apos;s memory, near 0 &lt;i&gt;erases&lt;/i&gt; it · &lt;b&gt;i&lt;/b&gt; input gate: near 1 writes the candidate &lt;b&gt;g&lt;/b&gt; into the cell · &lt;b&gt;o&lt;/b&gt; output gate: near 1 shows the cell through &lt;b&gt;h&lt;/b&gt;</source>
        <translation>&lt;b&gt;f&lt;/b&gt; 遗忘门：接近 1 表示&lt;i&gt;保留&lt;/i&gt;细胞的记忆，接近 0 表示&lt;i&gt;擦除&lt;/i&gt;记忆 · &lt;b&gt;i&lt;/b&gt; 输入门：接近 1 时把候选值 &lt;b&gt;g&lt;/b&gt; 写入细胞 · &lt;b&gt;o&lt;/b&gt; 输出门：接近 1 时通过 &lt;b&gt;h&lt;/b&gt; 输出细胞状态</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>peepholes: the gates also read the cell state c</source>
        <extracomment>Under the heatmaps, per cell: what its gates do (the hover read-out replaces it while hovering). Each is a list of parts joined by &quot; · &quot;: texts marked for translation (context TrainPanels) and formulas.</extracomment>
        <translation>窥视孔连接：各个门还读取细胞状态 c</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No forget gate (the 1997 LSTM): c&lt;sub&gt;t&lt;/sub&gt; = c&lt;sub&gt;t−1&lt;/sub&gt; + i·g, so nothing &lt;i&gt;erases&lt;/i&gt; the cell state; it only accumulates</source>
        <translation>没有遗忘门（1997 年的 LSTM）：c&lt;sub&gt;t&lt;/sub&gt; = c&lt;sub&gt;t−1&lt;/sub&gt; + i·g，所以没有任何东西&lt;i&gt;擦除&lt;/i&gt;细胞状态；它只会累加</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;i&lt;/b&gt; input gate: near 1 writes the candidate &lt;b&gt;g&lt;/b&gt;</source>
        <translation>&lt;b&gt;i&lt;/b&gt; 输入门：接近 1 时写入候选值 &lt;b&gt;g&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;o&lt;/b&gt; output gate: near 1 shows the cell through &lt;b&gt;h&lt;/b&gt;</source>
        <translation>&lt;b&gt;o&lt;/b&gt; 输出门：接近 1 时通过 &lt;b&gt;h&lt;/b&gt; 输出细胞状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;z&lt;/b&gt; update gate: near 1 &lt;i&gt;keeps&lt;/i&gt; the previous hidden state, near 0 replaces it with the new content &lt;b&gt;n&lt;/b&gt;</source>
        <translation>&lt;b&gt;z&lt;/b&gt; 更新门：接近 1 表示&lt;i&gt;保留&lt;/i&gt;上一时刻的隐藏状态，接近 0 表示用新内容 &lt;b&gt;n&lt;/b&gt; 替换它</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;r&lt;/b&gt; reset gate: how much of h&lt;sub&gt;t−1&lt;/sub&gt; the new content reads</source>
        <translation>&lt;b&gt;r&lt;/b&gt; 重置门：新内容读取多少 h&lt;sub&gt;t−1&lt;/sub&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A plain RNN has no gates: h&lt;sub&gt;t&lt;/sub&gt; = tanh(W&lt;sub&gt;ih&lt;/sub&gt;x&lt;sub&gt;t&lt;/sub&gt; + b&lt;sub&gt;ih&lt;/sub&gt; + W&lt;sub&gt;hh&lt;/sub&gt;h&lt;sub&gt;t−1&lt;/sub&gt; + b&lt;sub&gt;hh&lt;/sub&gt;). Nothing decides what to keep: every step rewrites h.</source>
        <translation>普通 RNN 没有门：h&lt;sub&gt;t&lt;/sub&gt; = tanh(W&lt;sub&gt;ih&lt;/sub&gt;x&lt;sub&gt;t&lt;/sub&gt; + b&lt;sub&gt;ih&lt;/sub&gt; + W&lt;sub&gt;hh&lt;/sub&gt;h&lt;sub&gt;t−1&lt;/sub&gt; + b&lt;sub&gt;hh&lt;/sub&gt;)。没有任何机制决定保留什么：每一步都会重写 h。</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Each heatmap: rows are units, columns are timesteps t = 1..T. The network reads the digit one image row per timestep, top to bottom.</source>
        <translation>每张热图：行是单元，列是时间步 t = 1..T。网络每个时间步读取数字图像的一行，自上而下。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hover a heatmap to read a value out</source>
        <translation>把鼠标悬停在热图上可读出数值</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&lt;b&gt;Gates of the probe digit&lt;/b&gt;</source>
        <translation>&lt;b&gt;探针数字的门控&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>{right}/{total} right</source>
        <translation>{right}/{total} 正确</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>{cell} · probe #{number}</source>
        <translation>{cell} · 探针 #{number}</translation>
    </message>
</context>
<context>
    <name>TrainRun</name>
    <message>
        <location filename="../../train/_runs.py" line="+63"/>
        <source>, test accuracy {accuracy}</source>
        <translation>，测试准确率 {accuracy}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{speed} samples/s</source>
        <translation>{speed} 样本/秒</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Finished: %n epoch(s)</source>
        <translation>已完成：%n 轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{headline}, {steps} steps ({speed}). The trained weights are now the current model.</source>
        <translation>{headline}，{steps} 步（{speed}）。训练好的权重现在是当前模型。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The weights so far are now the current model.</source>
        <translation>目前的权重现在是当前模型。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No step was taken; the model is unchanged.</source>
        <translation>一步也没有训练；模型保持不变。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopped after {steps} steps</source>
        <translation>在 {steps} 步后停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (it was {rate})</source>
        <translation>（原为 {rate}）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training diverged: {reason}. The model was left as it was before this run; lower the learning rate{rate} and train again.</source>
        <translation>训练发散：{reason}。模型保持为本次训练之前的状态；请降低学习率{rate}后再训练。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Training diverged: the model was left as it was</source>
        <translation>训练发散：模型保持原样</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No model</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{source}: {weights}</source>
        <translation>{source}：{weights}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{cell}, %n layer(s) × {hidden} units</source>
        <translation>{cell}，%n 层 × {hidden} 个单元</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> · test accuracy {accuracy}</source>
        <translation> · 测试准确率 {accuracy}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>a {cell} of {layers} × {hidden}</source>
        <translation>{layers} × {hidden} 的 {cell}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Training {shape} from scratch: random weights, so it starts at chance (about 10%). Watch it learn…</source>
        <translation>从零开始训练 {shape}：随机权重，所以它从随机猜测的水平（约 10%）开始。看着它学习…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no model</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The current model is {current}, not this shape: training {shape} from random weights…</source>
        <translation>当前模型是 {current}，不是这个形状：以随机权重训练 {shape}…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training the new model from its random start…</source>
        <translation>从随机起点训练新模型…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training continues from the current model ({source})…</source>
        <translation>从当前模型（{source}）继续训练…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
</context>
<context>
    <name>TrainStatus</name>
    <message>
        <location filename="../../train/_status.py" line="+60"/>
        <source>Idle</source>
        <extracomment>A text, or a function that says it in the current language (so it can be said again after a switch).</extracomment>
        <translation>空闲</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What training is doing</source>
        <translation>训练正在做什么</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training throughput: samples per second (training time only; pauses and evaluation excluded)</source>
        <translation>训练吞吐量：每秒样本数（只计训练时间；不含暂停和评估）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Epoch and batch of the current run, and optimiser steps</source>
        <translation>当前训练的轮次和批次，以及优化步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estimated time left in this run, from the mean batch time so far</source>
        <translation>本次训练的预计剩余时间，按目前的平均批次耗时估算</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Share of this run&apos;s planned batches done</source>
        <translation>本次训练计划批次中已完成的比例</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training</source>
        <translation>训练中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{speed} samples/s</source>
        <translation>{speed} 样本/秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>epoch {epoch}/{epochs} · batch {batch}/{batches} · step {step}</source>
        <translation>第 {epoch}/{epochs} 轮 · 第 {batch}/{batches} 批 · 第 {step} 步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ETA {time}</source>
        <translation>预计剩余 {time}</translation>
    </message>
</context>
<context>
    <name>TrainTab</name>
    <message>
        <location filename="../../train/_actions.py" line="+43"/>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start training with these settings: from random weights, or continuing the current model</source>
        <translation>用这些设置开始训练：从随机权重开始，或继续训练当前模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../../train/_tab.py" line="+194"/>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pause or resume training (takes effect within one batch)</source>
        <translation>暂停或继续训练（在一个批次之内生效）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop training after the batch in progress; the weights so far become the current model</source>
        <translation>在当前批次结束后停止训练；目前的权重成为当前模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;New model</source>
        <translation>新建模型(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start over with random weights of the chosen shape</source>
        <translation>以所选形状的随机权重重新开始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open a model: an LSTM Studio checkpoint, a PyTorch state_dict, safetensors, Keras .keras/.h5, a TensorFlow 1 checkpoint or ONNX</source>
        <translation>打开模型：LSTM Studio 检查点、PyTorch state_dict、safetensors、Keras .keras/.h5、TensorFlow 1 检查点或 ONNX</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save checkpoint…</source>
        <translation>保存检查点(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the current model to a checkpoint file</source>
        <translation>把当前模型保存为检查点文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load &amp;bundled model</source>
        <translation>加载内置模型(&amp;B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go back to the model that ships with LSTM Studio</source>
        <translation>回到 LSTM Studio 自带的模型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Download MNIST…</source>
        <translation>下载 MNIST(&amp;D)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download the full MNIST (about 11 MB) for full-size training</source>
        <translation>下载完整的 MNIST（约 11 MB），用于完整规模的训练</translation>
    </message>
    <message>
        <location filename="../../train/_tab.py" line="-103"/>
        <source>Training settings</source>
        <translation>训练设置</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>No model: loading failed</source>
        <translation>没有模型：加载失败</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The current model is {current}, not this shape: Train starts fresh weights of {shape}.</source>
        <translation>当前模型是 {current}，不是这个形状：训练将使用 {shape} 的新权重。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Loading failed: {error}</source>
        <translation>加载失败：{error}</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Could not trace the probe digits: {error}</source>
        <translation>无法追踪探针数字：{error}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Starting once PyTorch and the model have loaded…</source>
        <translation>PyTorch 和模型加载完成后开始…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Paused: training waits before its next batch</source>
        <translation>已暂停：训练在下一个批次前等待</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resumed</source>
        <translation>已继续</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stopping after this batch…</source>
        <translation>本批次结束后停止…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Training on {device}</source>
        <translation>在 {device} 上训练</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Epoch {epoch}: test accuracy {accuracy}, train loss {loss}</source>
        <translation>第 {epoch} 轮：测试准确率 {accuracy}，训练损失 {loss}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Training failed: {error}</source>
        <translation>训练失败：{error}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>MNIST downloaded: {count} training digits</source>
        <translation>MNIST 已下载：{count} 个训练数字</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Download failed</source>
        <translation>下载失败</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MNIST could not be downloaded: {error}</source>
        <translation>无法下载 MNIST：{error}</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>current model</source>
        <translation>当前模型</translation>
    </message>
</context>
<context>
    <name>UnitEquations</name>
    <message>
        <location filename="../../inspect/_equations.py" line="+114"/>
        <source>keeps {kept} of the previous cell state: remembers</source>
        <translation>保留了上一时刻细胞状态的 {kept}：记住</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>keeps {kept} of the previous cell state: erases the memory</source>
        <translation>保留了上一时刻细胞状态的 {kept}：擦除记忆</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>keeps {kept} of the previous cell state, erases {erased}</source>
        <translation>保留了上一时刻细胞状态的 {kept}，擦除 {erased}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>keeps {kept} of the previous hidden state: remembers</source>
        <translation>保留了上一时刻隐藏状态的 {kept}：记住</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>keeps {kept} of the previous hidden state: replaces it with the new content {n}</source>
        <translation>保留了上一时刻隐藏状态的 {kept}：用新内容 {n} 替换它</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>keeps {kept} of the previous hidden state, takes {taken} from the new content {n}</source>
        <translation>保留了上一时刻隐藏状态的 {kept}，其余 {taken} 取自新内容 {n}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>lets {share} of {h} into the new content {n}</source>
        <translation>让 {h} 的 {share} 进入新内容 {n}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>writes {share} of the candidate {g} into the cell</source>
        <translation>把候选值 {g} 的 {share} 写入细胞</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>shows {share} of {tanh_c} as {h}</source>
        <translation>把 {tanh_c} 的 {share} 作为 {h} 输出</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>image row {row}</source>
        <translation>图像第 {row} 行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer {layer}</source>
        <translation>第 {layer} 层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unit {unit}</source>
        <translation>单元 {unit}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(after reading {reading})</source>
        <translation>（读完{reading}之后）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>candidate: new content proposed for the cell</source>
        <translation>候选值：提议写入细胞的新内容</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the memory before this step</source>
        <translation>这一步之前的记忆</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No forget gate (Hochreiter &amp;amp; Schmidhuber 1997): nothing erases the cell state, it only accumulates what the input gate writes.</source>
        <translation>没有遗忘门（Hochreiter 与 Schmidhuber，1997）：没有任何东西擦除细胞状态，它只会累加输入门写入的内容。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Peepholes: the gates also read the cell state. Inside {i} {pi}, inside {f} {pf}, inside {o} {po}.</source>
        <translation>窥视孔连接：各个门还读取细胞状态。{i} 中有 {pi}，{f} 中有 {pf}，{o} 中有 {po}。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>{state} (starts at 0)</source>
        <translation>{state}（初始为 0）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>new content: the candidate hidden state</source>
        <translation>新内容：候选隐藏状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+18"/>
        <source>the hidden state before this step</source>
        <translation>这一步之前的隐藏状态</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A plain RNN has no gates: nothing decides what to keep, so every step rewrites h from the input and {h}.</source>
        <translation>普通 RNN 没有门：没有任何机制决定保留什么，所以每一步都用输入和 {h} 重写 h。</translation>
    </message>
</context>
<context>
    <name>VerdictPanel</name>
    <message>
        <location filename="../../lab/_verdicts.py" line="+37"/>
        <source>Press &lt;b&gt;Run&lt;/b&gt; to train the cells side by side on the same batches; a verdict for each appears here.</source>
        <extracomment>The colour a verdict&apos;s words take (a theme field).</extracomment>
        <translation>按&lt;b&gt;运行&lt;/b&gt;在相同的批次上并排训练这些细胞；每个细胞的评语会显示在这里。</translation>
    </message>
</context>
<context>
    <name>ViewBox</name>
    <message>
        <location filename="../_pyqtgraph_texts.py" line="-12"/>
        <source>ViewBox options</source>
        <translation>视图选项</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>View All</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>axis</source>
        <translation>轴</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mouse Mode</source>
        <translation>鼠标模式</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3 button</source>
        <translation>三键</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 button</source>
        <translation>单键</translation>
    </message>
</context>
<context>
    <name>WatchListener</name>
    <message>
        <location filename="../../attach/_listener.py" line="+76"/>
        <source>cannot listen to {host}:{port}: {error}</source>
        <translation>无法监听 {host}:{port}：{error}</translation>
    </message>
</context>
<context>
    <name>WatchedRun</name>
    <message>
        <location filename="../../attach/_run.py" line="+121"/>
        <source>Waiting for the script… (it publishes once it calls ls.watch; nothing has arrived yet)</source>
        <extracomment>A script silent for this long is shown as stopped.</extracomment>
        <translation>正在等待脚本…（脚本调用 ls.watch 后才开始发布；目前还什么都没收到）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>script</source>
        <translation>脚本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(pid {pid} on {host})</source>
        <translation>（进程号 {pid}，位于 {host}）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no step logged yet</source>
        <translation>尚未记录任何步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the script ended at {where}</source>
        <translation>脚本已在{where}结束</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;no message for {seconds} s&lt;/b&gt;: the script has stopped or hangs</source>
        <translation>&lt;b&gt;已 {seconds} 秒没有消息&lt;/b&gt;：脚本已停止或卡住了</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>live</source>
        <translation>实时</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <location filename="../../widgets/_text.py" line="+16"/>
        <source>plain RNN</source>
        <extracomment>How a person calls each kind of cell (``ModelConfig.cell``), in English; :func:`cell_title` translates.</extracomment>
        <translation>普通 RNN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>peephole LSTM</source>
        <translation>窥视孔 LSTM</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LSTM without forget gate</source>
        <translation>无遗忘门的 LSTM</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>row 1</source>
        <translation>第 1 行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rows 1–{last}</source>
        <translation>第 1–{last} 行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pixels 1–{last} of {total}</source>
        <translation>第 1–{last} 个像素（共 {total} 个）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>one image row per step</source>
        <translation>每步一行图像</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{rows} image rows per step</source>
        <translation>每步 {rows} 行图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{pixels} pixels per step</source>
        <translation>每步 {pixels} 个像素</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>image row {row}</source>
        <translation>图像第 {row} 行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>image rows {first}–{last}</source>
        <translation>图像第 {first}–{last} 行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>pixels {first}–{last}</source>
        <translation>第 {first}–{last} 个像素</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pixel {first}</source>
        <translation>第 {first} 个像素</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the current model ({source})</source>
        <translation>当前模型（{source}）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the training run&apos;s {weights}</source>
        <translation>当前训练的{weights}</translation>
    </message>
</context>
</TS>
